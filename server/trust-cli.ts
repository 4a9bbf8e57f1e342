// `masa-server trust …`: the ICAO trust list desks receive with their reference data (store/trust.ts checks every
// file; this only reads the files and prints what was stored).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../node-common/cli-options';
import type { Admin } from './runtime';

export const TRUST_USAGE = `  trust import-masterlist FILE --anchor CERT [--json]
                          import an ICAO CSCA master list (CMS): refused unless its signature verifies and its
                          signer chains to CERT (the publishing state's CSCA, PEM or DER); desks get its CSCAs
  trust import-crl FILE... [--json]
                          import CSCA revocation lists (DER or PEM), each checked against its CSCA's key
  trust list [--json]     the master lists, CSCAs and CRLs held (and CRLs past their next update)`;

function base64File(path: string): string {
  return readFileSync(resolve(path)).toString('base64');
}

function day(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '—';
}

export async function trustCommand(admin: Admin, sub: string | undefined, rest: string[], values: { anchor?: string; json?: boolean }, out: (s: string) => void, now = new Date()): Promise<void> {
  if (sub === 'import-masterlist') {
    if (rest.length !== 1 || !values.anchor) throw new UsageError('usage: masa-server trust import-masterlist FILE --anchor CERT');
    const r = await admin.importMasterList(base64File(rest[0]), base64File(values.anchor));
    out(
      values.json
        ? JSON.stringify(r)
        : `master list signed by ${r.signer}${r.signedAt ? ` on ${day(r.signedAt)}` : ''} (chains to ${r.anchor}): ${r.cscas} CSCA certificate(s), ${r.added} new; desks get them at their next sync`,
    );
  } else if (sub === 'import-crl') {
    if (rest.length === 0) throw new UsageError('usage: masa-server trust import-crl FILE...');
    for (const file of rest) {
      const r = await admin.importCrl(base64File(file));
      out(values.json ? JSON.stringify(r) : `CRL of ${r.issuer} issued ${day(r.thisUpdate)}, next update ${day(r.nextUpdate)}: ${r.revoked} revoked certificate(s); desks get it at their next sync`);
    }
  } else if (sub === 'list' || sub === undefined) {
    const t = await admin.listTrust();
    if (values.json) {
      out(JSON.stringify(t, null, 2));
      return;
    }
    if (!t.lists.length && !t.cscas.length && !t.crls.length) {
      out('(no trust list: masa-server trust import-masterlist FILE --anchor CERT)');
      return;
    }
    for (const l of t.lists) out(`master list\t${l.signer}\tsigned ${day(l.signedAt)}\timported ${day(l.importedAt)}\t${l.cscas} CSCA(s)`);
    out(`${t.cscas.length} CSCA certificate(s)`);
    for (const c of t.crls) {
      const expired = c.nextUpdate !== null && new Date(c.nextUpdate) < now;
      out(`CRL\t${c.issuer}\tissued ${day(c.thisUpdate)}\tnext update ${day(c.nextUpdate)}${expired ? ' (EXPIRED: import a newer one)' : ''}\t${c.revoked} revoked`);
    }
  } else throw new UsageError(`unknown command "trust ${sub}" (trust import-masterlist, import-crl, list)`);
}
