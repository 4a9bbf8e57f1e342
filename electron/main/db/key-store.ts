// Where the desk database's key is kept. The OS keystore is the normal place: the Secret Service (gnome-keyring,
// KWallet), macOS Keychain or Windows Credential Manager through @napi-rs/keyring in the browser host and the CLI, and
// Electron's safeStorage in the desk app (see SafeStorageKeyStore). The 0600 key file next to the database is only a
// fallback, used when asked for (MASA_DB_KEY_STORE=file) or when no keystore can be reached; `masa doctor` warns then.
// Plain Node: which store a host uses is decided where it composes its services.
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { chmodSync, closeSync, existsSync, fstatSync, fsyncSync, openSync, readFileSync, realpathSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError, ErrorCode } from '../../../common/errors';

export const KEY_FILE = 'db.key';
/** The safeStorage-wrapped key beside the database (Electron only). */
export const WRAPPED_KEY_FILE = 'db.key.safe';
/** The keyring service every desk's entry is filed under; the account names the data folder. */
export const KEYRING_SERVICE = 'masa';

export type KeyStoreKind = 'keyring' | 'safe-storage' | 'file';

/**
 * One place the key can live. read() gives null when the store is reachable but holds no key for this data
 * folder, and throws KeyStoreUnavailable when the store itself cannot be reached — the two must never be confused,
 * or a desk whose keyring is down would look like a new desk.
 */
export interface KeyStore {
  readonly kind: KeyStoreKind;
  /** Where the key is, in words for `masa doctor` and logs. */
  readonly where: string;
  read(): string | null;
  write(key: string): void;
  /** Removes the key; true when there was one. */
  remove(): boolean;
}

/** The keystore cannot be reached (no Secret Service, no binary for this platform, safeStorage not usable). */
export function keyStoreUnavailable(where: string, reason: string, cause?: unknown): AppError {
  return new AppError(ErrorCode.KeyStoreUnavailable, `${where[0].toUpperCase()}${where.slice(1)} cannot be reached: ${reason}`, { cause, details: { where, reason } });
}

export function isKeyStoreUnavailable(e: unknown): e is AppError {
  return e instanceof AppError && e.code === ErrorCode.KeyStoreUnavailable;
}

/** Today's key file: 0600, beside the database. */
export class FileKeyStore implements KeyStore {
  readonly kind = 'file' as const;
  readonly path: string;
  constructor(dataDir: string) {
    this.path = join(dataDir, KEY_FILE);
  }
  get where(): string {
    return `the key file ${this.path}`;
  }
  read(): string | null {
    return existsSync(this.path) ? readFileSync(this.path, 'utf8').trim() : null;
  }
  write(key: string): void {
    writeFileSync(this.path, key + '\n', { mode: 0o600 });
    chmodSync(this.path, 0o600);
  }
  remove(): boolean {
    return shred(this.path);
  }
}

/**
 * Overwrites a file with zeros (flushed to disk) before unlinking it, so the key does not linger in the freed
 * blocks as plainly as it would after a bare unlink. (A copy-on-write or journalling file system may keep old
 * blocks anyway; this is the cheap part of the defence, not all of it.)
 */
export function shred(path: string): boolean {
  if (!existsSync(path)) return false;
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    if (size > 0) writeSync(fd, Buffer.alloc(size), 0, size, 0);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkSync(path);
  return true;
}

/** A stable account name for a data folder: its real path, hashed (the same folder gives the same account). */
export function keyringAccount(dataDir: string): string {
  const path = existsSync(dataDir) ? realpathSync(dataDir) : resolve(dataDir);
  return 'data-' + createHash('sha256').update(path).digest('hex').slice(0, 32);
}

interface KeyringEntry {
  getPassword(): string | null;
  setPassword(password: string): void;
  deletePassword(): boolean;
}
interface KeyringModule {
  Entry: new (service: string, account: string, options?: { linux?: { store?: 'secret-service' | 'keyutils' } }) => KeyringEntry;
}

let keyringModule: KeyringModule | Error | undefined;
/** Loads @napi-rs/keyring lazily: a platform without its binary gets KeyStoreUnavailable, never a crash at import. */
function loadKeyring(): KeyringModule {
  if (keyringModule === undefined) {
    try {
      keyringModule = createRequire(import.meta.url)('@napi-rs/keyring') as KeyringModule;
    } catch (e) {
      keyringModule = e instanceof Error ? e : new Error(String(e));
    }
  }
  if (keyringModule instanceof Error) throw keyStoreUnavailable('the OS keyring', `the keyring library @napi-rs/keyring cannot be loaded here (${keyringModule.message})`, keyringModule);
  return keyringModule;
}

/**
 * The OS keyring through @napi-rs/keyring: service "masa", account keyringAccount(dataDir). On Linux the entry is
 * pinned to the Secret Service: the library's other Linux store, the kernel keyring, lives in memory and is gone at
 * the next reboot, which would lose the database with it.
 */
export class SecretServiceKeyStore implements KeyStore {
  readonly kind = 'keyring' as const;
  readonly account: string;
  private entry: KeyringEntry | null = null;
  constructor(readonly dataDir: string) {
    this.account = keyringAccount(dataDir);
  }
  get where(): string {
    const name = process.platform === 'linux' ? 'Secret Service' : process.platform === 'darwin' ? 'macOS Keychain' : 'Windows Credential Manager';
    return `the OS keyring (${name}, service "${KEYRING_SERVICE}", account "${this.account}")`;
  }
  private call<T>(what: string, fn: (entry: KeyringEntry) => T): T {
    try {
      this.entry ??= new (loadKeyring().Entry)(KEYRING_SERVICE, this.account, process.platform === 'linux' ? { linux: { store: 'secret-service' } } : undefined);
      return fn(this.entry);
    } catch (e) {
      if (e instanceof AppError) throw e;
      // The library reports every platform failure (no D-Bus session, no Secret Service, a locked collection) alike.
      throw keyStoreUnavailable(this.where, `${what} failed: ${e instanceof Error ? e.message : String(e)}`, e);
    }
  }
  read(): string | null {
    return this.call('reading the key', (e) => e.getPassword());
  }
  write(key: string): void {
    this.call('storing the key', (e) => e.setPassword(key));
  }
  remove(): boolean {
    return this.call('removing the key', (e) => e.deletePassword());
  }
}

/** What SafeStorageKeyStore needs of Electron's safeStorage (index.ts passes the real one). */
export interface SafeStoragePort {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(wrapped: Buffer): string;
  /** Linux only: which backend wraps ('gnome_libsecret', 'kwallet5', 'basic_text'…). */
  getSelectedStorageBackend?(): string;
}

/**
 * The key wrapped by Electron's safeStorage (DPAPI, Keychain, or the Secret Service/KWallet on Linux), the wrapped
 * blob kept 0600 beside the database. On Linux, safeStorage without a keyring falls back to 'basic_text', a
 * password built into Chromium: that protects nothing, so it counts as unavailable here.
 */
export class SafeStorageKeyStore implements KeyStore {
  readonly kind = 'safe-storage' as const;
  readonly path: string;
  constructor(dataDir: string, private readonly safe: SafeStoragePort) {
    this.path = join(dataDir, WRAPPED_KEY_FILE);
  }
  get where(): string {
    return `Electron safeStorage (wrapped key in ${this.path})`;
  }
  private check(): void {
    const backend = process.platform === 'linux' ? this.safe.getSelectedStorageBackend?.() : undefined;
    if (!this.safe.isEncryptionAvailable()) throw keyStoreUnavailable(this.where, 'safeStorage encryption is not available');
    if (backend === 'basic_text' || backend === 'unknown') throw keyStoreUnavailable(this.where, `safeStorage has no OS keyring behind it (backend ${backend})`);
  }
  read(): string | null {
    if (!existsSync(this.path)) {
      this.check();
      return null;
    }
    this.check();
    try {
      return this.safe.decryptString(readFileSync(this.path)).trim();
    } catch (e) {
      throw keyStoreUnavailable(this.where, `the wrapped key cannot be unwrapped: ${e instanceof Error ? e.message : String(e)}`, e);
    }
  }
  write(key: string): void {
    this.check();
    writeFileSync(this.path, this.safe.encryptString(key), { mode: 0o600 });
    chmodSync(this.path, 0o600);
  }
  remove(): boolean {
    return shred(this.path);
  }
}

/**
 * The desk app's keystore: safeStorage first, with the OS keyring beside it. The CLI and the browser host on the same
 * desk cannot unwrap safeStorage's blob (only Electron can), so the key is also kept in the keyring where one is
 * reachable; a key found only in the keyring (a desk first run by the browser host) is wrapped on the way in.
 */
export class ChainedKeyStore implements KeyStore {
  constructor(private readonly primary: KeyStore, private readonly others: readonly KeyStore[]) {}
  get kind(): KeyStoreKind {
    return this.primary.kind;
  }
  get where(): string {
    return [this.primary, ...this.others].map((s) => s.where).join(' and ');
  }
  read(): string | null {
    const own = this.primary.read();
    if (own !== null) return own;
    for (const other of this.others) {
      const key = this.quietly(() => other.read());
      if (key) {
        this.primary.write(key);
        return key;
      }
    }
    return null;
  }
  write(key: string): void {
    this.primary.write(key);
    for (const other of this.others) this.quietly(() => other.write(key));
  }
  remove(): boolean {
    let any = this.primary.remove();
    for (const other of this.others) any = this.quietly(() => other.remove()) || any;
    return any;
  }
  /** The secondary stores are a convenience for the other hosts: their being unreachable is not an error here. */
  private quietly<T>(fn: () => T): T | null {
    try {
      return fn();
    } catch (e) {
      if (isKeyStoreUnavailable(e)) return null;
      throw e;
    }
  }
}

/** Which store the key goes to: MASA_DB_KEY_STORE=file asks for the key file; "keystore" refuses to fall back. */
export type KeyStoreChoice = 'auto' | 'keystore' | 'file';

export function keyStoreChoice(env: NodeJS.ProcessEnv = process.env): KeyStoreChoice {
  const v = env.MASA_DB_KEY_STORE?.trim().toLowerCase();
  if (!v || v === 'auto') return 'auto';
  if (v === 'file' || v === 'keystore') return v;
  throw new AppError(ErrorCode.InvalidInput, `MASA_DB_KEY_STORE must be "keystore", "file" or "auto", not "${env.MASA_DB_KEY_STORE}".`);
}
