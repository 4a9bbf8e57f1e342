// `masa trust` on a desk without a server (issue 11, deliver 5): the same checks as the server's import, the CSCAs
// and CRLs written into the local folder, and a chip signed by a revoked document signer refused when the reader
// uses that folder — the folder's CRLs count as the server's do.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { command as trust } from '../../cli/commands/trust';
import { ExitCode } from '../../cli/exit-codes';
import { IdChipReader } from '../../electron/main/cards/icao/id-reader';
import { createCsca, createDocumentSigner, type TestSigner } from '../fixtures/pki/test-pki';
import { buildCrl, writeTrustFiles } from '../fixtures/pki/trust-lists';
import { inProcessCard, virtualIdCard } from '../fixtures/vcards/emrtd-harness';
import { makeTd1 } from '../fixtures/vcards/emrtd-mrz';

function captureIo() {
  const io = { out: '', err: '', stdout: { write: (t: string) => (io.out += t) }, stderr: { write: (t: string) => (io.err += t) } };
  return io;
}

describe('masa trust (local folder)', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'masa-trust-local-'));
  const files = join(tmp, 'files');
  const folder = join(tmp, 'csca');
  const saved = { data: process.env.MASA_DATA_DIR, csca: process.env.MASA_CSCA_DIR };
  let csca: TestSigner;
  let ds: TestSigner;

  beforeAll(async () => {
    process.env.MASA_DATA_DIR = join(tmp, 'no-desk-here');
    delete process.env.MASA_CSCA_DIR;
    csca = await createCsca('UT', 'Chip CSCA');
    ds = await createDocumentSigner(csca, 'Revoked DS');
    await writeTrustFiles(files, { csca, documentSigner: ds }, true);
    writeFileSync(join(files, 'wrong-anchor.pem'), csca.x509.toString());
  });
  afterAll(() => {
    process.env.MASA_DATA_DIR = saved.data;
    if (saved.csca === undefined) delete process.env.MASA_CSCA_DIR;
    else process.env.MASA_CSCA_DIR = saved.csca;
    rmSync(tmp, { recursive: true, force: true });
  });

  it('refuses a master list whose signer does not chain to --anchor (exit 6, nothing written); takes it with the right anchor', async () => {
    const refused = captureIo();
    expect(await trust.run(['import-masterlist', join(files, 'masterlist.ml'), '--anchor', join(files, 'wrong-anchor.pem'), '--dir', folder], refused)).toBe(ExitCode.VerificationFailed);
    expect(refused.err).toMatch(/^masa trust: The master list signer \(.*CN=Test Master List Signer.*\) does not chain to the trust anchor \(C=UT \+ O=Masa Test \+ CN=Chip CSCA\): it is refused/);
    expect(() => readdirSync(folder)).toThrow();

    const taken = captureIo();
    expect(await trust.run(['import-masterlist', join(files, 'masterlist.ml'), '--anchor', join(files, 'anchor.pem'), '--dir', folder], taken)).toBe(ExitCode.Ok);
    expect(taken.out).toBe(`master list signed by C=UT + O=Masa Test + CN=Test Master List Signer: 2 CSCA certificate(s), 2 new in ${folder}\n(the desk reads ${folder} when MASA_CSCA_DIR names it)\n`);
    expect(readdirSync(folder).filter((f) => f.endsWith('.pem'))).toHaveLength(2);
  });

  it('a CRL verified against the folder’s CSCA is written there; an older one of the same CSCA is refused', async () => {
    const io = captureIo();
    expect(await trust.run(['import-crl', join(files, 'csca.crl'), '--dir', folder], io)).toBe(ExitCode.Ok);
    expect(io.out).toMatch(/^CRL of C=UT, O=Masa Test, CN=Chip CSCA issued \d{4}-\d\d-\d\d, next update \d{4}-\d\d-\d\d: 1 revoked certificate\(s\), in .*\.crl\n/);
    writeFileSync(join(files, 'old.crl'), await buildCrl(csca, [], { thisUpdate: new Date(Date.now() - 40 * 86_400_000) }));
    const older = captureIo();
    expect(await trust.run(['import-crl', join(files, 'old.crl'), '--dir', folder], older)).toBe(ExitCode.VerificationFailed);
    expect(older.err).toMatch(/before the one already in/);
    const stranger = await createCsca('ZZ', 'Stranger');
    writeFileSync(join(files, 'stranger.crl'), await buildCrl(stranger, []));
    const unknown = captureIo();
    expect(await trust.run(['import-crl', join(files, 'stranger.crl'), '--dir', folder], unknown)).toBe(ExitCode.VerificationFailed);
    expect(unknown.err).toBe("masa trust: The CRL's issuer (C=ZZ, O=Masa Test, CN=Stranger) is not a CSCA in the trust list: import the master list that holds it first.\n");
  });

  it('a chip whose document signer is on the folder’s CRL: passive authentication says revoked', async () => {
    const mrz = makeTd1({ documentNumber: 'AA1234567', birthDate: '900101', expiryDate: '310101', fin: '7XYZ123', surname: 'MAMMADOVA', givenNames: 'AYSEL', sex: 'F' });
    const card = inProcessCard(await virtualIdCard(mrz, { documentSigner: ds }));
    const reader = new IdChipReader({ withCard: card.withCard, cscaDirectory: () => folder });
    const read = await reader.read({ documentNumber: 'AA1234567', birthDate: '900101', expiryDate: '310101' });
    expect(read.passiveAuth).toMatchObject({ hashes: 'ok', signature: 'ok', csca: 'revoked', crl: 'current', cscaSubject: 'C=UT + O=Masa Test + CN=Chip CSCA' });

    const list = captureIo();
    expect(await trust.run(['list', '--dir', folder], list)).toBe(ExitCode.Ok);
    expect(list.out).toBe(`2 CSCA certificate(s), 1 CRL(s) from ${folder}\n`);
  });
});
