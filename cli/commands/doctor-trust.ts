// `masa doctor`'s trust-list check: where this desk's CSCAs and CRLs come from (the list the sync server distributes,
// a local folder, both, or nothing), how old the list is, how many CSCAs and CRLs it holds, and CRLs past their next
// update — the one thing that silently weakens the ID check over time.
import { existsSync } from 'node:fs';
import { expiredCrls, trustFromRows } from '../../node-common/icao-trust-rows';
import { loadCrlDirectory } from '../../electron/main/cards/icao/trust-source';
import { loadCscaDirectory } from '../../electron/main/cards/icao/csca-store';

export interface TrustReport {
  source: 'server' | 'local folder' | 'server and local folder' | 'none';
  /** The newest master list pulled from the server: when it was imported there and signed by its issuer. */
  masterList: { signer: string; importedAt: string; signedAt: string | null } | null;
  cscas: number;
  crls: number;
  expiredCrls: number;
  /** The local folder ($MASA_CSCA_DIR) and what it adds. */
  folder: { path: string; cscas: number; crls: number; rejected: number } | null;
}

export interface TrustCheck {
  name: string;
  level: 'ok' | 'warn' | 'fail';
  detail: string;
}

function daysAgo(iso: string, now: Date): string {
  const days = Math.floor((now.getTime() - new Date(iso).getTime()) / 86_400_000);
  return days <= 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
}

/** `rows`: the desk database's pulled icao_trust rows (null: no readable database). */
export function checkTrust(rows: ReadonlyArray<Record<string, unknown>> | null, folderPath: string | null, now: Date): { report: TrustReport; checks: TrustCheck[] } {
  const central = trustFromRows(rows ?? []);
  let folder: TrustReport['folder'] = null;
  let folderCrls: ReturnType<typeof loadCrlDirectory> = [];
  const checks: TrustCheck[] = [];
  if (folderPath) {
    if (!existsSync(folderPath)) {
      checks.push({ name: 'trust list', level: 'fail', detail: `the CSCA folder ${folderPath} ($MASA_CSCA_DIR) does not exist: ID chips cannot be read until it is fixed or unset` });
    } else {
      const certs = loadCscaDirectory(folderPath);
      folderCrls = loadCrlDirectory(folderPath);
      folder = { path: folderPath, cscas: certs.certificates.length, crls: folderCrls.length, rejected: certs.rejected.length };
    }
  }
  const fromServer = central.cscas.length > 0 || central.crls.length > 0;
  const fromFolder = folder !== null && folder.cscas + folder.crls > 0;
  const latest = [...central.lists].sort((a, b) => b.importedAt.localeCompare(a.importedAt))[0];
  const allCrls = [...central.crls, ...folderCrls];
  const report: TrustReport = {
    source: fromServer && fromFolder ? 'server and local folder' : fromServer ? 'server' : fromFolder ? 'local folder' : 'none',
    masterList: latest ? { signer: latest.signer, importedAt: latest.importedAt, signedAt: latest.signedAt } : null,
    cscas: central.cscas.length + (folder?.cscas ?? 0),
    crls: allCrls.length,
    expiredCrls: expiredCrls(allCrls, now),
    folder,
  };
  if (report.source === 'none') {
    if (!checks.length) checks.push({ name: 'trust list', level: 'warn', detail: 'no CSCA trust list: chips are read but their issuer is not checked (the server imports one with `masa-server trust import-masterlist`, or set MASA_CSCA_DIR)' });
    return { report, checks };
  }
  const age = latest ? `, master list imported ${latest.importedAt.slice(0, 10)} (${daysAgo(latest.importedAt, now)})${latest.signedAt ? `, signed ${latest.signedAt.slice(0, 10)}` : ''}` : '';
  const where = report.source === 'server and local folder' ? `from the server and ${folder!.path}` : report.source === 'server' ? 'from the server' : `from ${folder!.path}`;
  checks.push({ name: 'trust list', level: 'ok', detail: `${report.cscas} CSCA certificate(s), ${report.crls} CRL(s) ${where}${age}` });
  if (report.expiredCrls > 0) {
    checks.push({ name: 'trust list CRLs', level: 'warn', detail: `${report.expiredCrls} CRL(s) past their next update: a signer revoked since is not known here (import newer CRLs at the server: \`masa-server trust import-crl\`)` });
  }
  if (central.unreadable > 0 || (folder?.rejected ?? 0) > 0) {
    checks.push({ name: 'trust list entries', level: 'warn', detail: `${central.unreadable + (folder?.rejected ?? 0)} entr(ies) could not be read and are not trusted` });
  }
  return { report, checks };
}
