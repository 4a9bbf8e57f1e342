// Clerk accounts signed by the server (issue 10, deliver 2): an account arrives at a desk only over the channel
// pinned to the server's key, and carries the server's signature, made with that same key (its TLS key). The desk
// keeps the server's public key from enrolment and checks the signature when the account arrives and again at every
// sign-in, so an account added or changed in the desk's database (a supervisor made up, a clerk's role raised) does
// not sign anyone in.
import { createPublicKey, sign, verify } from 'node:crypto';

/** The fields of a published account the signature covers, in a fixed order. */
export interface SignedClerkFields {
  id: string;
  officeId: string;
  username: string;
  displayName: string;
  role: string;
  language: string;
  passwordHash: string;
  active: boolean;
}

function canonical(r: SignedClerkFields): Buffer {
  const fields = [r.id, r.officeId, r.username, r.displayName, r.role, r.language, r.passwordHash, r.active ? 'active' : 'inactive'];
  return Buffer.from(['masa-clerk-v1', ...fields].join('\n'), 'utf8');
}

/** The signature of `row` with the server's private key (PEM). */
export function signClerk(row: SignedClerkFields, privateKeyPem: string): string {
  return sign('sha256', canonical(row), { key: privateKeyPem, dsaEncoding: 'ieee-p1363' }).toString('base64url');
}

/** Whether `signature` is the server's over `row`; `publicKey` is the server's SubjectPublicKeyInfo (base64 DER). */
export function clerkSignatureValid(row: SignedClerkFields, signature: unknown, publicKey: string): boolean {
  if (typeof signature !== 'string' || signature.length > 200) return false;
  try {
    const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
    return verify('sha256', canonical(row), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}


