// Where passive authentication's trust comes from on a desk: the trust list the sync server distributes (reference
// table `icao_trust`, pulled into central_rows: CSCAs of imported master lists and the CSCAs' CRLs), plus a local
// folder ($MASA_CSCA_DIR or --csca: certificates .pem/.crt/.cer/.der and CRLs .crl) as an addition or a fallback
// for a desk without a server. The rows were checked when the server imported them; a CRL is checked again at use
// (revocation.ts: only its CSCA's key makes it count).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { X509Certificate } from 'node:crypto';
import { AppError, ErrorCode } from '../../../../common/errors';
import { readCrl, type Crl } from '../../../../node-common/icao-trust';
import { emptyTrust, trustFromRows, type TrustMaterial } from '../../../../node-common/icao-trust-rows';
import { loadCscaDirectory } from './csca-store';

export interface TrustAnchors {
  /** null: no trust configured at all (the CSCA verdict is then "not checked"). */
  cscas: X509Certificate[] | null;
  crls: Crl[];
}

/** CRL files (.crl, PEM or DER) of a folder; unreadable ones are skipped (they revoke nothing, clear nothing). */
export function loadCrlDirectory(dir: string): Crl[] {
  const crls: Crl[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!/\.crl$/i.test(name) || !statSync(path).isFile()) continue;
    try {
      crls.push(readCrl(new Uint8Array(readFileSync(path))));
    } catch {
      // reported by `masa doctor`, which reads the folder the same way
    }
  }
  return crls;
}

/** The central list plus the folder; a folder that cannot be read is an error the clerk sees (not a silent "untrusted"). */
export function trustAnchors(central: TrustMaterial | null, folder: string | null | undefined): TrustAnchors {
  const hasCentral = central !== null && (central.cscas.length > 0 || central.crls.length > 0);
  if (!folder) return hasCentral ? { cscas: central.cscas, crls: central.crls } : { cscas: null, crls: [] };
  try {
    return { cscas: [...(central?.cscas ?? []), ...loadCscaDirectory(folder).certificates], crls: [...(central?.crls ?? []), ...loadCrlDirectory(folder)] };
  } catch (e) {
    throw new AppError(ErrorCode.InvalidInput, `The CSCA certificate folder cannot be read: ${folder}`, { cause: e, details: { dir: folder } });
  }
}

/**
 * The central trust list from the desk database's pulled rows, decoded once per change: `rows` is cheap (one query),
 * decoding hundreds of certificates is not, so the decoded list is kept until the rows' versions change.
 */
export function centralTrust(rows: () => Array<{ key: string; version: number; row: Record<string, unknown> }>): () => TrustMaterial {
  let stamp = '';
  let cached: TrustMaterial = emptyTrust();
  return () => {
    const current = rows();
    const next = `${current.length}:${current.reduce((m, r) => Math.max(m, r.version), 0)}`;
    if (next !== stamp) {
      cached = trustFromRows(current.map((r) => r.row));
      stamp = next;
    }
    return cached;
  };
}
