// e-İmza USB tokens and smart cards through their PKCS#11 module (pkcs11js): list tokens with their certificates
// and PIN state, verify / change the user PIN, unblock it with the SO PIN (C_InitPIN as security officer).
// Pkcs11TokenPort (below) puts them behind the desk's one token port (token-port.ts), in its one vocabulary.
// The module path is configurable (each token vendor ships its own); SoftHSM2 is the default when installed so the
// desk can be tried and tested without hardware.
//
// PINs: pkcs11js takes JS strings, which cannot be wiped; we never keep, log or echo them, and error messages never
// contain them. (On PC/SC PIN cards, see pin-card.ts, PINs are byte buffers and are zeroed.)
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
// Node's own X509Certificate parses the certificates: @peculiar/x509 needs a Reflect metadata polyfill
// (reflect-metadata) that is not a dependency, and Node's parser covers what the desk shows.
import { X509Certificate } from 'node:crypto';
import { AppError, ErrorCode } from '../../../common/errors';
import type { TokenCounter } from '../../../common/ipc/channels/cards';
import type { TokenPort, TokenStatus } from './token-port';

export const DEFAULT_PKCS11_MODULES = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so', '/usr/local/lib/softhsm/libsofthsm2.so'];

export interface TokenCertificate {
  label: string;
  subject: string;
  issuer: string;
  /** Hex, upper case. */
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** Whole days until notAfter (negative once expired). */
  daysLeft: number;
  expired: boolean;
}

export interface TokenSummary {
  /** The token's serial number: stable across slots and re-plugging. */
  id: string;
  /** The slot's description: where the token is plugged in, shown as its "reader". */
  reader: string;
  label: string;
  manufacturer: string;
  model: string;
  pin: TokenCounter & { mustChange: boolean };
  /** The SO PIN, which e-İmza calls the PUK. */
  puk: TokenCounter;
  certificates: TokenCertificate[];
}

type Pkcs11Module = typeof import('pkcs11js');
type Pkcs11 = InstanceType<Pkcs11Module['PKCS11']>;
type Handle = Buffer;

export interface Pkcs11TokensOptions {
  /** PKCS#11 module (.so) path; default: the first of DEFAULT_PKCS11_MODULES that exists. */
  modulePath?: string;
  /** Clock for days-left (tests). */
  now?: () => Date;
}

const DAY_MS = 86_400_000;

function pkcs11Module(): Pkcs11Module {
  return createRequire(import.meta.url)('pkcs11js') as Pkcs11Module;
}

/** One PKCS#11 module and the tokens it sees. */
export class Pkcs11Tokens {
  readonly modulePath: string | undefined;
  private readonly now: () => Date;
  private lib: Pkcs11 | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: Pkcs11TokensOptions = {}) {
    this.modulePath = options.modulePath ?? DEFAULT_PKCS11_MODULES.find((p) => existsSync(p));
    this.now = options.now ?? (() => new Date());
  }

  /** All tokens present, with certificates (public objects: no login needed) and PIN state from the token flags. */
  list(): Promise<TokenSummary[]> {
    return this.run((p11, m) =>
      p11
        .C_GetSlotList(true)
        // Blank tokens (e.g. SoftHSM's spare slot, a wiped token) hold nothing to show and refuse sessions.
        .filter((slot) => (p11.C_GetTokenInfo(slot).flags & m.CKF_TOKEN_INITIALIZED) !== 0)
        .map((slot) => this.summary(p11, m, slot)),
    );
  }

  /** Logs in as user and out again. Wrong PIN → PIN_WRONG with the new PIN state; locked → PIN_BLOCKED. */
  verifyPin(tokenId: string, pin: string): Promise<{ pin: TokenSummary['pin'] }> {
    return this.withSession(tokenId, (p11, m, session, slot) => {
      this.login(p11, m, session, slot, m.CKU_USER, pin);
      p11.C_Logout(session);
      return { pin: this.pinState(m, p11.C_GetTokenInfo(slot).flags) };
    });
  }

  changePin(tokenId: string, oldPin: string, newPin: string): Promise<{ pin: TokenSummary['pin'] }> {
    return this.withSession(tokenId, (p11, m, session, slot) => {
      this.login(p11, m, session, slot, m.CKU_USER, oldPin);
      try {
        p11.C_SetPIN(session, oldPin, newPin);
      } catch (e) {
        throw this.pinError(m, e, slot, p11, 'new PIN');
      } finally {
        safe(() => p11.C_Logout(session));
      }
      return { pin: this.pinState(m, p11.C_GetTokenInfo(slot).flags) };
    });
  }

  /** Security officer login with the SO PIN (the token's PUK), then a new user PIN; this also clears the lock. */
  unblockPin(tokenId: string, soPin: string, newPin: string): Promise<{ pin: TokenSummary['pin'] }> {
    return this.withSession(tokenId, (p11, m, session, slot) => {
      this.login(p11, m, session, slot, m.CKU_SO, soPin);
      try {
        p11.C_InitPIN(session, newPin);
      } catch (e) {
        throw this.pinError(m, e, slot, p11, 'new PIN');
      } finally {
        safe(() => p11.C_Logout(session));
      }
      return { pin: this.pinState(m, p11.C_GetTokenInfo(slot).flags) };
    });
  }

  /** Unloads the module (C_Finalize). */
  close(): void {
    if (this.lib) {
      safe(() => this.lib!.C_Finalize());
      safe(() => this.lib!.close());
      this.lib = null;
    }
  }

  // --- internals ---

  /**
   * Runs one operation with a freshly initialised module, serialised: C_Initialize re-reads the token list, so
   * tokens plugged in or initialised since the last call appear, and operations never interleave on one module.
   */
  private run<T>(fn: (p11: Pkcs11, m: Pkcs11Module) => T): Promise<T> {
    const next = this.queue.then(() => {
      if (!this.modulePath) {
        throw new AppError(ErrorCode.NoReader, 'No PKCS#11 module configured for e-İmza tokens (install the token driver or SoftHSM2)');
      }
      const m = pkcs11Module();
      if (this.lib) {
        safe(() => this.lib!.C_Finalize());
      } else {
        this.lib = new m.PKCS11();
        try {
          this.lib.load(this.modulePath);
        } catch (e) {
          this.lib = null;
          throw new AppError(ErrorCode.CardServiceDown, `Cannot load the PKCS#11 module ${this.modulePath}`, { cause: e });
        }
      }
      try {
        this.lib.C_Initialize();
      } catch (e) {
        if (!(e instanceof m.Pkcs11Error && e.code === m.CKR_CRYPTOKI_ALREADY_INITIALIZED)) {
          throw new AppError(ErrorCode.CardServiceDown, 'The PKCS#11 module failed to initialise', { cause: e });
        }
      }
      return fn(this.lib, m);
    });
    this.queue = next.catch(() => undefined);
    return next;
  }

  private withSession<T>(tokenId: string, fn: (p11: Pkcs11, m: Pkcs11Module, session: Handle, slot: Handle) => T): Promise<T> {
    return this.run((p11, m) => {
      const slot = p11.C_GetSlotList(true).find((s) => p11.C_GetTokenInfo(s).serialNumber.trim() === tokenId);
      if (!slot) throw new AppError(ErrorCode.NoCard, `Token ${tokenId} is not connected`, { details: { tokenId } });
      const session = p11.C_OpenSession(slot, m.CKF_SERIAL_SESSION | m.CKF_RW_SESSION);
      try {
        return fn(p11, m, session, slot);
      } finally {
        safe(() => p11.C_CloseSession(session));
      }
    });
  }

  private login(p11: Pkcs11, m: Pkcs11Module, session: Handle, slot: Handle, userType: number, pin: string): void {
    try {
      p11.C_Login(session, userType, pin);
    } catch (e) {
      if (e instanceof m.Pkcs11Error && e.code === m.CKR_USER_ALREADY_LOGGED_IN) return;
      throw this.pinError(m, e, slot, p11, userType === m.CKU_SO ? 'PUK' : 'PIN');
    }
  }

  private pinError(m: Pkcs11Module, e: unknown, slot: Handle, p11: Pkcs11, what: string): AppError {
    const flags = safe(() => p11.C_GetTokenInfo(slot).flags);
    const puk = what === 'PUK';
    const state = flags === undefined ? undefined : puk ? pukStateFromFlags(flags, m) : this.pinState(m, flags);
    const details = state ? { [puk ? 'puk' : 'pin']: state } : undefined;
    if (e instanceof m.Pkcs11Error) {
      switch (e.code) {
        case m.CKR_PIN_INCORRECT:
          return new AppError(puk ? ErrorCode.PukWrong : ErrorCode.PinWrong, `Wrong ${what}${state?.triesLeft === 1 ? '; one try left before it is locked' : ''}`, { details });
        case m.CKR_PIN_LOCKED:
          return puk
            ? new AppError(ErrorCode.PukBlocked, 'The PUK (SO PIN) is locked: the token must be replaced', { details })
            : new AppError(ErrorCode.PinBlocked, 'The PIN is locked; unblock it with the PUK (SO PIN)', { details });
        case m.CKR_PIN_LEN_RANGE:
        case m.CKR_PIN_INVALID:
          return new AppError(ErrorCode.InvalidInput, `The ${what} has an invalid length or characters`, { fields: { pin: 'PIN_FORMAT' }, details });
        case m.CKR_TOKEN_NOT_PRESENT:
        case m.CKR_DEVICE_REMOVED:
          return new AppError(ErrorCode.CardRemoved, 'The token was removed during the operation');
      }
      return new AppError(ErrorCode.CardError, `Token error (${e.message.split(':')[0]})`, { details });
    }
    return new AppError(ErrorCode.CardError, 'Token error', { cause: e });
  }

  private pinState(m: Pkcs11Module, flags: number): TokenSummary['pin'] {
    return pinStateFromFlags(flags, m);
  }

  private summary(p11: Pkcs11, m: Pkcs11Module, slot: Handle): TokenSummary {
    const info = p11.C_GetTokenInfo(slot);
    return {
      id: info.serialNumber.trim(),
      reader: p11.C_GetSlotInfo(slot).slotDescription.trim(),
      label: info.label.trim(),
      manufacturer: info.manufacturerID.trim(),
      model: info.model.trim(),
      pin: this.pinState(m, info.flags),
      puk: pukStateFromFlags(info.flags, m),
      certificates: this.certificates(p11, m, slot),
    };
  }

  private certificates(p11: Pkcs11, m: Pkcs11Module, slot: Handle): TokenCertificate[] {
    const session = p11.C_OpenSession(slot, m.CKF_SERIAL_SESSION);
    try {
      p11.C_FindObjectsInit(session, [
        { type: m.CKA_CLASS, value: m.CKO_CERTIFICATE },
        { type: m.CKA_CERTIFICATE_TYPE, value: m.CKC_X_509 },
      ]);
      const handles = p11.C_FindObjects(session, 64);
      p11.C_FindObjectsFinal(session);
      const out: TokenCertificate[] = [];
      for (const h of handles) {
        const [value, label] = p11.C_GetAttributeValue(session, h, [{ type: m.CKA_VALUE }, { type: m.CKA_LABEL }]);
        const der = value.value as Buffer;
        try {
          out.push(this.describe(der, label.value ? (label.value as Buffer).toString('utf8') : ''));
        } catch {
          // an object that does not parse as X.509 is not shown rather than failing the whole list
        }
      }
      return out.sort((a, b) => a.notAfter.localeCompare(b.notAfter));
    } finally {
      safe(() => p11.C_CloseSession(session));
    }
  }

  private describe(der: Buffer, label: string): TokenCertificate {
    const cert = new X509Certificate(der);
    const notBefore = new Date(cert.validFrom);
    const notAfter = new Date(cert.validTo);
    const daysLeft = Math.floor((notAfter.getTime() - this.now().getTime()) / DAY_MS);
    return {
      label,
      subject: distinguishedName(cert.subject),
      issuer: distinguishedName(cert.issuer),
      serialNumber: cert.serialNumber.toUpperCase(),
      notBefore: notBefore.toISOString(),
      notAfter: notAfter.toISOString(),
      daysLeft,
      expired: daysLeft < 0,
    };
  }
}

/**
 * Node gives one RDN per line, most significant first ("C=AZ\nCN=…"), multi-valued RDNs joined by " + ".
 * Shown most specific first, comma-separated, the way clerks read it: "CN=…, O=…, C=AZ".
 */
function distinguishedName(text: string): string {
  return text.split(/\n| \+ /).filter(Boolean).reverse().join(', ');
}

type FlagNames = 'CKF_USER_PIN_INITIALIZED' | 'CKF_USER_PIN_LOCKED' | 'CKF_USER_PIN_FINAL_TRY' | 'CKF_USER_PIN_COUNT_LOW' | 'CKF_USER_PIN_TO_BE_CHANGED' | 'CKF_SO_PIN_LOCKED' | 'CKF_SO_PIN_FINAL_TRY' | 'CKF_SO_PIN_COUNT_LOW';

/**
 * A PIN's counter from its CK_TOKEN_INFO flags, in the desk's vocabulary: locked beats final try beats count low (a
 * token may set several). PKCS#11 gives no counts, only these flags: a final try is one try left, a lock none.
 */
function counterFromFlags(flags: number, locked: number, finalTry: number, countLow: number): TokenCounter {
  if (flags & locked) return { state: 'blocked', triesLeft: 0, maxTries: null };
  if (flags & finalTry) return { state: 'low', triesLeft: 1, maxTries: null };
  if (flags & countLow) return { state: 'low', triesLeft: null, maxTries: null };
  return { state: 'ok', triesLeft: null, maxTries: null };
}

/** The user PIN's state from CK_TOKEN_INFO.flags; 'unset' until the user PIN is first set. */
export function pinStateFromFlags(flags: number, m: Pick<Pkcs11Module, FlagNames> = pkcs11Module()): TokenSummary['pin'] {
  const mustChange = (flags & m.CKF_USER_PIN_TO_BE_CHANGED) !== 0;
  if (!(flags & m.CKF_USER_PIN_INITIALIZED)) return { state: 'unset', triesLeft: null, maxTries: null, mustChange };
  return { ...counterFromFlags(flags, m.CKF_USER_PIN_LOCKED, m.CKF_USER_PIN_FINAL_TRY, m.CKF_USER_PIN_COUNT_LOW), mustChange };
}

/** The SO PIN's (the PUK's) state from CK_TOKEN_INFO.flags. */
export function pukStateFromFlags(flags: number, m: Pick<Pkcs11Module, FlagNames> = pkcs11Module()): TokenCounter {
  return counterFromFlags(flags, m.CKF_SO_PIN_LOCKED, m.CKF_SO_PIN_FINAL_TRY, m.CKF_SO_PIN_COUNT_LOW);
}

/**
 * USB tokens behind the desk's token port. `reader` is the slot description (what status() reports), or the token
 * serial; without it the one token present is used, and several make the clerk choose.
 */
export class Pkcs11TokenPort implements TokenPort {
  constructor(private readonly tokens: Pick<Pkcs11Tokens, 'list' | 'unblockPin'>) {}

  async status(reader?: string): Promise<TokenStatus> {
    const t = await this.find(reader);
    return {
      present: true,
      reader: t.reader,
      label: t.label,
      serial: t.id,
      pin: t.pin,
      puk: t.puk,
      certificates: t.certificates.map((c) => ({ subject: c.subject, serial: c.serialNumber, validTo: c.notAfter.slice(0, 10), daysLeft: c.daysLeft })),
    };
  }

  async unblockPin(reader: string | undefined, puk: Uint8Array, newPin: Uint8Array): Promise<void> {
    const t = await this.find(reader);
    // pkcs11js takes strings (not wipeable); the caller zeroes the buffers, and the strings go out of scope here.
    const decode = (b: Uint8Array) => new TextDecoder().decode(b);
    await this.tokens.unblockPin(t.id, decode(puk), decode(newPin));
  }

  private async find(reader?: string): Promise<TokenSummary> {
    const all = await this.tokens.list();
    const matching = reader ? all.filter((t) => t.reader === reader || t.id === reader) : all;
    if (matching.length === 0) throw new AppError(ErrorCode.NoCard, reader ? `No e-İmza token in ${reader}` : 'No e-İmza token is plugged in', { details: { reader: reader ?? null } });
    if (matching.length > 1) {
      const readers = matching.map((t) => t.reader);
      throw new AppError(ErrorCode.ReaderAmbiguous, `More than one e-İmza token is plugged in: ${readers.join(', ')}. Choose one.`, { details: { kind: 'esign-card', readers } });
    }
    return matching[0];
  }
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
