/**
 * The server's TLS identity (issue 10, deliver 2). Desks pin the server's public key, not a certificate authority:
 * an office network has no CA the desks could trust, and a pin printed beside the enrolment code is something an IT
 * admin can hand over. The key pair comes from files the operator names (`--tls-cert`, `--tls-key`: several
 * processes behind a balancer share one), or is made at first start in the data folder (`tls/`, 0600) and kept.
 *
 * The pin is HPKP's form: `sha256/` + base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo — it survives a
 * renewed certificate over the same key.
 */
import { randomBytes, webcrypto } from 'node:crypto';
import { certificatePin } from '../node-common/key-pins';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as asn1js from 'asn1js';
import { signClerk, type SignedClerkFields } from '../node-common/clerk-signature';
import * as pkijs from 'pkijs';

export interface ServerTls {
  cert: string;
  key: string;
  pin: string;
  /** Where the pair came from, for the start-up line. */
  source: 'files' | 'generated' | 'data folder';
}

const pem = (label: string, der: ArrayBuffer) => `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END ${label}-----\n`;

/** A self-signed ECDSA P-256 certificate for `masa-server`, valid ten years (the pin, not the dates, is checked). */
async function selfSigned(): Promise<{ cert: string; key: string }> {
  // pkijs, as the test PKI does: @peculiar/x509 needs a Reflect metadata polyfill that is not a dependency.
  const engine = new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'] });
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const cert = new pkijs.Certificate();
  cert.version = 2;
  const serial = randomBytes(8);
  serial[0] = (serial[0] & 0x7f) | 0x01; // positive and minimal for DER
  cert.serialNumber = new asn1js.Integer({ valueHex: new Uint8Array(serial).buffer });
  for (const target of [cert.subject, cert.issuer]) target.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: 'masa-server' }) }));
  const now = new Date();
  cert.notBefore.value = now;
  cert.notAfter.value = new Date(now.getTime() + 10 * 365 * 86_400_000);
  cert.extensions = [new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: new asn1js.BitString({ valueHex: Uint8Array.of(0x80).buffer, unusedBits: 7 }).toBER(false) })];
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey as unknown as Parameters<pkijs.PublicKeyInfo['importKey']>[0], engine);
  await cert.sign(keys.privateKey as unknown as Parameters<pkijs.Certificate['sign']>[0], 'SHA-256', engine);
  return { cert: pem('CERTIFICATE', cert.toSchema(true).toBER(false)), key: pem('PRIVATE KEY', await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)) };
}

/** The pair from the named files, else the data folder's (made now if missing). */
export async function serverTls(opts: { dataDir: string; certFile?: string; keyFile?: string }): Promise<ServerTls> {
  if (opts.certFile || opts.keyFile) {
    if (!opts.certFile || !opts.keyFile) throw new Error('--tls-cert and --tls-key go together');
    const cert = readFileSync(opts.certFile, 'utf8');
    return { cert, key: readFileSync(opts.keyFile, 'utf8'), pin: certificatePin(cert), source: 'files' };
  }
  const dir = join(opts.dataDir, 'tls');
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    const cert = readFileSync(certPath, 'utf8');
    return { cert, key: readFileSync(keyPath, 'utf8'), pin: certificatePin(cert), source: 'data folder' };
  }
  const made = await selfSigned();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(keyPath, made.key, { mode: 0o600 });
  writeFileSync(certPath, made.cert, { mode: 0o600 });
  return { ...made, pin: certificatePin(made.cert), source: 'generated' };
}

/** The data folder's pin, if the server made its pair there (for `masa-server enrolment-code` with no server running). */
export function dataFolderPin(dataDir: string): string | null {
  const certPath = join(dataDir, 'tls', 'cert.pem');
  return existsSync(certPath) ? certificatePin(readFileSync(certPath, 'utf8')) : null;
}

/** The data folder's private key file, if the server made its pair there. */
export function dataFolderKeyFile(dataDir: string): string | undefined {
  const keyPath = join(dataDir, 'tls', 'key.pem');
  return existsSync(keyPath) ? keyPath : undefined;
}

/** Signs published clerk accounts with the key in `keyFile` (node-common/clerk-signature.ts); none without a file. */
export function clerkSignerFrom(keyFile: string | undefined): ((row: SignedClerkFields) => string) | undefined {
  if (!keyFile) return undefined;
  const key = readFileSync(keyFile, 'utf8');
  return (row) => signClerk(row, key);
}
