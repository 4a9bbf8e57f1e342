// The CSCA trust list: a directory of country signing CA certificates (PEM or DER, .pem/.crt/.cer/.der),
// e.g. exported from the ICAO PKD master list. Unreadable files are reported, never silently trusted.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { X509Certificate } from 'node:crypto';
import { parseCertificates } from './passive-auth';

export interface CscaList {
  certificates: X509Certificate[];
  /** Files that could not be parsed as certificates. */
  rejected: { file: string; reason: string }[];
}

const CERT_FILE = /\.(pem|crt|cer|der)$/i;

export function loadCscaDirectory(dir: string): CscaList {
  const certificates: X509Certificate[] = [];
  const rejected: CscaList['rejected'] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (!CERT_FILE.test(name) || !statSync(path).isFile()) continue;
    try {
      certificates.push(...parseCertificates(new Uint8Array(readFileSync(path))));
    } catch (e) {
      rejected.push({ file: name, reason: (e as Error).message });
    }
  }
  return { certificates, rejected };
}
