// A throw-away SoftHSM2 token store for PKCS#11 tests: its own config and token directory (SOFTHSM2_CONF points at
// it, read by SoftHSM at C_Initialize), tokens initialised with softhsm2-util, and test certificates (made with
// WebCrypto + pkijs by test/fixtures/pki) stored on the token through pkcs11js C_CreateObject.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestSigner } from '../fixtures/pki/test-pki';
import { DEFAULT_PKCS11_MODULES } from '../../electron/main/cards/tokens';
import { existsSync } from 'node:fs';

export function softHsmSkipReason(): string | undefined {
  if (!DEFAULT_PKCS11_MODULES.some((p) => existsSync(p))) return 'SoftHSM2 is not installed (apt-get install softhsm2): token tests skipped';
  if (spawnSync('softhsm2-util', ['--version']).status !== 0) return 'softhsm2-util not found: token tests skipped';
  return undefined;
}

export interface TestToken {
  label: string;
  serial: string;
  pin: string;
  soPin: string;
}

export class SoftHsmStore {
  readonly dir: string;
  readonly modulePath: string;

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'masa-softhsm-'));
    mkdirSync(join(this.dir, 'tokens'));
    const conf = join(this.dir, 'softhsm2.conf');
    writeFileSync(conf, `directories.tokendir = ${join(this.dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`);
    process.env.SOFTHSM2_CONF = conf;
    this.modulePath = DEFAULT_PKCS11_MODULES.find((p) => existsSync(p))!;
  }

  /** Initialises a token in a free slot and returns its serial number (the TokenService id). */
  initToken(label: string, pin: string, soPin: string): TestToken {
    const out = execFileSync('softhsm2-util', ['--init-token', '--free', '--label', label, '--pin', pin, '--so-pin', soPin], {
      env: process.env,
      encoding: 'utf8',
    });
    const slotMatch = /reassigned to slot (\d+)/.exec(out);
    const show = execFileSync('softhsm2-util', ['--show-slots'], { env: process.env, encoding: 'utf8' });
    // Find the serial of the token with our label.
    const blocks = show.split(/\n(?=Slot )/);
    const block = blocks.find((b) => new RegExp(`Label:\\s+${label}\\s*$`, 'm').test(b) && (!slotMatch || b.startsWith(`Slot ${slotMatch[1]}`)));
    const serial = block && /Serial number:\s+(\S+)/.exec(block)?.[1];
    if (!serial) throw new Error(`Could not find the serial of SoftHSM token "${label}":\n${show}`);
    return { label, serial, pin, soPin };
  }

  /** Stores a certificate on the token as a public token object (as an e-İmza issuer would). */
  importCertificate(token: TestToken, signer: TestSigner, label = 'e-imza'): void {
    const der = Buffer.from(signer.x509.raw);
    const subject = Buffer.from(signer.certificate.subject.toSchema().toBER(false));
    const pkcs11js = createRequire(import.meta.url)('pkcs11js') as typeof import('pkcs11js');
    const p11 = new pkcs11js.PKCS11();
    p11.load(this.modulePath);
    p11.C_Initialize();
    try {
      const slot = p11.C_GetSlotList(true).find((s) => p11.C_GetTokenInfo(s).serialNumber.trim() === token.serial);
      if (!slot) throw new Error(`token ${token.serial} not found`);
      const session = p11.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
      p11.C_Login(session, pkcs11js.CKU_USER, token.pin);
      p11.C_CreateObject(session, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
        { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
        { type: pkcs11js.CKA_TOKEN, value: true },
        { type: pkcs11js.CKA_PRIVATE, value: false },
        { type: pkcs11js.CKA_LABEL, value: label },
        { type: pkcs11js.CKA_SUBJECT, value: subject },
        { type: pkcs11js.CKA_VALUE, value: der },
      ]);
      p11.C_Logout(session);
      p11.C_CloseSession(session);
    } finally {
      p11.C_Finalize();
      p11.close();
    }
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
