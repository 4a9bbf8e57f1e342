// Server key pins (issue 10, deliver 2): `sha256/` + base64 of the SHA-256 of a SubjectPublicKeyInfo (DER) — HPKP's
// form. One place for the server that prints its pin, the desk that checks the key it connects to, and the desk that
// checks the public key it is given against the pin it enrolled with.
import { createHash, X509Certificate } from 'node:crypto';

export function spkiPin(spkiDer: Buffer): string {
  return `sha256/${createHash('sha256').update(spkiDer).digest('base64')}`;
}

/** A certificate's SubjectPublicKeyInfo (DER). */
function certificateSpki(cert: X509Certificate): Buffer {
  return cert.publicKey.export({ type: 'spki', format: 'der' });
}

/** The pin of a certificate (PEM). */
export function certificatePin(certPem: string): string {
  return spkiPin(certificateSpki(new X509Certificate(certPem)));
}

/** The pin of a peer's certificate as a TLS socket presents it. */
export function x509Pin(cert: X509Certificate): string {
  return spkiPin(certificateSpki(cert));
}

/** A certificate's SubjectPublicKeyInfo as base64 DER (what `GET /v1/server-key` answers). */
export function certificatePublicKey(certPem: string): string {
  return certificateSpki(new X509Certificate(certPem)).toString('base64');
}

/** The pin of a public key given as base64 SPKI. */
export function publicKeyPin(publicKey: string): string {
  return spkiPin(Buffer.from(publicKey, 'base64'));
}
