// Revocation of the document signer (ICAO Doc 9303 part 12 §7): the CSCA that certified the DS publishes a CRL; a
// DS whose serial is on it signed nothing this desk may trust any more (a stolen key, a mis-issued batch). Only a CRL
// the CSCA's own key verifies counts, so a forged or altered CRL can neither revoke nor clear a signer. A CRL past
// its nextUpdate is still used (a revocation does not expire) but said, so the clerk knows the list is out of date.
import type { X509Certificate } from 'node:crypto';
import { crlsSignedBy, normalSerial, oneLine, type Crl } from '../../../../node-common/icao-trust';

export type CrlVerdict = 'current' | 'expired' | 'none';

export interface RevocationCheck {
  revoked: boolean;
  crl: CrlVerdict;
  problems: string[];
}

export function checkRevocation(ds: X509Certificate, csca: X509Certificate, crls: readonly Crl[], at: Date): RevocationCheck {
  const own = crlsSignedBy(crls, csca);
  if (own.length === 0) return { revoked: false, crl: 'none', problems: [] };
  const problems: string[] = [];
  const serial = normalSerial(ds.serialNumber);
  const listing = own.find((c) => c.revokedSerials.includes(serial));
  if (listing) problems.push(`The document signer (serial ${serial}) is revoked: it is on the CRL of ${oneLine(csca.subject)} issued ${listing.thisUpdate.slice(0, 10)}`);
  const latest = own.reduce((a, b) => (a.thisUpdate >= b.thisUpdate ? a : b));
  const expired = latest.nextUpdate !== null && new Date(latest.nextUpdate) < at;
  if (expired) problems.push(`The CRL of ${oneLine(csca.subject)} was due for renewal on ${latest.nextUpdate!.slice(0, 10)}: revocation was checked against an out-of-date list`);
  return { revoked: listing !== undefined, crl: expired ? 'expired' : 'current', problems };
}
