// What the ICAO trust list costs (issue 11, deliver 5), each figure beside a baseline measured in the same run:
//   master list check — readMasterList on a list of N CSCAs vs decoding the same N certificates alone (X509Certificate);
//   server import     — importMasterList (check + N+1 rows through putRow) vs `reference set` of the same rows on PGlite;
//   desk decode       — trustFromRows of N CSCAs and M CRLs (once per pulled change) and the cached read after it;
//   passive auth      — verifyPassive against N CSCAs + M CRLs vs against the chip's own CSCA and no CRL.
import { X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import { readCrl, readMasterList } from '../node-common/icao-trust';
import { trustFromRows } from '../node-common/icao-trust-rows';
import { centralTrust } from '../electron/main/cards/icao/trust-source';
import { verifyPassive } from '../electron/main/cards/icao/passive-auth';
import { importMasterList } from '../server/store/trust';
import { setReferenceTable } from '../server/store/reference';
import { buildSod } from '../test/fixtures/pki/sod';
import { createCsca, createDocumentSigner, type TestSigner } from '../test/fixtures/pki/test-pki';
import { buildCrl, buildMasterList, createMasterListSigner } from '../test/fixtures/pki/trust-lists';
import { openDatabase } from '../test/support/sync-server';

const CSCAS = 200;
const CRLS = 50;
const REVOKED_PER_CRL = 200;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function timed(runs: number, fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Stand-ins for revoked certificates: a CRL entry needs only a serial number. */
function fakeRevoked(n: number): TestSigner[] {
  return Array.from({ length: n }, (_, i) => ({ certificate: { serialNumber: new asn1js.Integer({ value: 0x10000000 + i }) } }) as unknown as TestSigner);
}

export interface TrustBenchRow {
  scenario: string;
  medianMs: number;
  baseline: string;
  baselineMs: number;
  ratio: number;
}

export async function benchTrust(): Promise<TrustBenchRow[]> {
  const publisher = await createCsca('UT', 'Publishing CSCA');
  const mlSigner = await createMasterListSigner(publisher);
  const cscas: TestSigner[] = [];
  for (let i = 0; i < CSCAS; i++) cscas.push(await createCsca(`Z${String.fromCharCode(65 + (i % 26))}`, `Bench CSCA ${i}`));
  const list = await buildMasterList(mlSigner, cscas);
  const crls = await Promise.all(cscas.slice(0, CRLS).map((c) => buildCrl(c, fakeRevoked(REVOKED_PER_CRL))));
  const rows: Array<{ row: TrustBenchRow }> = [];
  const add = (scenario: string, medianMs: number, baseline: string, baselineMs: number) =>
    rows.push({ row: { scenario, medianMs: +medianMs.toFixed(2), baseline, baselineMs: +baselineMs.toFixed(2), ratio: +(medianMs / baselineMs).toFixed(2) } });

  // 1. The master list check.
  const ders = cscas.map((c) => c.x509.raw);
  add(`readMasterList, ${CSCAS} CSCAs (${Math.round(list.length / 1024)} KB)`, await timed(9, () => readMasterList(list, [publisher.x509])), `${CSCAS} × new X509Certificate`, await timed(9, () => ders.map((d) => new X509Certificate(d))));

  // 2. The server import on PGlite, against `reference set` of the same rows.
  const db = await openDatabase('pglite');
  try {
    const ml = readMasterList(list, [publisher.x509]);
    const { masterListRows } = await import('../node-common/icao-trust-rows');
    const same = masterListRows(ml, new Date()).map(({ key, row }) => ({ ...row, key }));
    let n = 0;
    // Each run imports into a fresh table of the same size: the first import of a list (every row new).
    const baseline = await timed(3, () => setReferenceTable(db, { table: `bench_rows_${n++}`, rows: same }));
    await db.query(`DELETE FROM central_rows WHERE table_name = 'icao_trust'`);
    const imported = await timed(1, () => importMasterList(db, list, new Uint8Array(publisher.x509.raw)));
    add(`server importMasterList, ${CSCAS + 1} rows (PGlite, first import)`, imported, `reference set of the same rows`, baseline);
  } finally {
    await db.close();
  }

  // 3. The desk's decode of the pulled rows, once per change, then cached.
  const { masterListRows, crlRow } = await import('../node-common/icao-trust-rows');
  const ml = readMasterList(list, [publisher.x509]);
  const pulled = [...masterListRows(ml, new Date()), ...crls.map((c) => crlRow(readCrl(c), new Date()))].map(({ key, row }, i) => ({ key, version: i + 1, row: row as unknown as Record<string, unknown> }));
  const decode = await timed(5, () => trustFromRows(pulled.map((r) => r.row)));
  add(`desk decode of ${CSCAS} CSCAs + ${CRLS} CRLs (× ${REVOKED_PER_CRL} serials)`, decode, `${CSCAS} × new X509Certificate`, await timed(9, () => ders.map((d) => new X509Certificate(d))));
  // At each read after that: the rows are listed and the decoded list reused (centralTrust), not decoded again.
  const cached = centralTrust(() => pulled);
  cached();
  add(`desk trust at a read (rows unchanged, cached)`, await timed(50, cached), `the decode above`, decode);

  // 4. Passive authentication: the chip's CSCA among N, its CRL among M (the chip's DS is not revoked).
  const chipCsca = cscas[0];
  const ds = await createDocumentSigner(chipCsca);
  const dg1 = Uint8Array.of(0x61, 0x03, 0x5f, 0x1f, 0x00);
  const dataGroups = new Map([[1, dg1]]);
  const sod = await buildSod(dataGroups, ds);
  const trust = trustFromRows(pulled.map((r) => r.row));
  const own = await timed(21, () => verifyPassive({ sod, dataGroups, cscaCertificates: [chipCsca.x509] }));
  const full = await timed(21, () => verifyPassive({ sod, dataGroups, cscaCertificates: trust.cscas, crls: trust.crls }));
  add(`verifyPassive with ${CSCAS} CSCAs + ${CRLS} CRLs`, full, `its own CSCA, no CRL`, own);

  for (const { row } of rows) console.log(`${row.scenario.padEnd(62)} ${String(row.medianMs).padStart(8)} ms   baseline ${row.baseline}: ${row.baselineMs} ms   ×${row.ratio}`);
  return rows.map((r) => r.row);
}

if (process.argv[1] && /bench[\\/]trust\.ts$/.test(process.argv[1])) void benchTrust();
