// ICAO trust lists end to end (issue 11, deliver 5): the administrator imports a CSCA master list and a CRL at the
// sync server (`masa-server trust …`, checked there), desks receive them with their reference data, and a chip read
// through pcscd + vpcd is judged with them — trusted through the master list's CSCA, then refused once its document
// signer is on the CRL. `masa doctor` says where the list came from, how old it is and what it holds.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main as serverCli } from '../../server/cli';
import { directAdmin, openAdmin } from '../../server/runtime';
import { trustCommand } from '../../server/trust-cli';
import { addOffice, createEnrolmentCode } from '../../server/store/offices';
import { runDoctor } from '../../cli/commands/doctor';
import { listCentralRows } from '../../electron/main/db/queries/central_rows';
import type { ChipReadResult } from '../../common/ipc/channels/idcard';
import { createCsca, createDocumentSigner } from '../fixtures/pki/test-pki';
import { buildCrl, writeTrustFiles } from '../fixtures/pki/trust-lists';
import { RemoteEmrtd } from '../fixtures/vcards/emrtd-remote';
import { makeTd1 } from '../fixtures/vcards/emrtd-mrz';
import { PcscHarness, pcscSkipReason } from '../support/pcsc';
import { openDatabase, startServer, type RunningServer } from '../support/sync-server';
import { openDesk, type TestDesk } from '../support/desk';

const root = resolve(__dirname, '../..');
const skip = pcscSkipReason();
if (skip) console.warn(skip);

describe('masa-server trust against a running server (the admin API)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'masa-trust-cli-'));
  const files = join(dir, 'files');
  const data = join(dir, 'data');
  let child: ChildProcess | undefined;
  // The server runs in its own process, as in production: the commands below reach it over its loopback admin API.
  beforeAll(async () => {
    child = spawn(process.execPath, [join(root, 'bin', 'masa-server.mjs'), 'start', '--port', '0', '--data', data], { cwd: root, env: { ...process.env, DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolvePromise, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 90_000);
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (/server key pin/.test(out)) {
          clearTimeout(timer);
          resolvePromise();
        }
      });
      child!.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      child!.once('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
    });
  }, 120_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((r) => child!.once('exit', r));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports a master list only with the right anchor, then CRLs of its CSCAs; reference set cannot bypass the checks', async () => {
    const csca = await createCsca('UT', 'Chip CSCA');
    const ds = await createDocumentSigner(csca);
    await writeTrustFiles(files, { csca, documentSigner: ds }, true);
    const stranger = await createCsca('ZZ', 'Stranger CSCA');
    writeFileSync(join(files, 'stranger.pem'), stranger.x509.toString());
    const lines: string[] = [];
    const out = (s: string) => lines.push(s);

    await expect(serverCli(['trust', 'import-masterlist', join(files, 'masterlist.ml'), '--anchor', join(files, 'stranger.pem'), '--data', data], out)).rejects.toThrow(
      /^The master list signer \(C=UT \+ O=Masa Test \+ CN=Test Master List Signer, issued by C=UT \+ O=Masa Test \+ CN=Publishing CSCA\) does not chain to the trust anchor \(C=ZZ \+ O=Masa Test \+ CN=Stranger CSCA\): it is refused/,
    );
    // A CRL before its CSCA is held: refused, and nothing was stored by the refused list.
    await expect(serverCli(['trust', 'import-crl', join(files, 'csca.crl'), '--data', data], out)).rejects.toThrow("The CRL's issuer (C=UT, O=Masa Test, CN=Chip CSCA) is not a CSCA in the trust list: import the master list that holds it first.");

    expect(await serverCli(['trust', 'import-masterlist', join(files, 'masterlist.ml'), '--anchor', join(files, 'anchor.pem'), '--data', data], out)).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(lines.at(-1)).toBe(
      `master list signed by C=UT + O=Masa Test + CN=Test Master List Signer on ${today} (chains to C=UT + O=Masa Test + CN=Publishing CSCA): 2 CSCA certificate(s), 2 new; desks get them at their next sync`,
    );
    expect(await serverCli(['trust', 'import-crl', join(files, 'csca.crl'), '--data', data], out)).toBe(0);
    expect(lines.at(-1)).toMatch(/^CRL of C=UT, O=Masa Test, CN=Chip CSCA issued \d{4}-\d\d-\d\d, next update \d{4}-\d\d-\d\d: 1 revoked certificate\(s\); desks get it at their next sync$/);
    // An older CRL of the same CSCA would clear signers revoked since: refused.
    writeFileSync(join(files, 'old.crl'), await buildCrl(csca, [], { thisUpdate: new Date(Date.now() - 40 * 86_400_000) }));
    await expect(serverCli(['trust', 'import-crl', join(files, 'old.crl'), '--data', data], out)).rejects.toThrow(/^This CRL of C=UT, O=Masa Test, CN=Chip CSCA was issued .* before the one already held/);

    expect(await serverCli(['trust', 'list', '--json', '--data', data], out)).toBe(0);
    const listing = JSON.parse(lines.at(-1)!);
    expect(listing.lists).toMatchObject([{ kind: 'masterlist', signer: 'C=UT + O=Masa Test + CN=Test Master List Signer', cscas: 2 }]);
    expect(listing.cscas.map((c: { subject: string }) => c.subject).sort()).toEqual(['C=UT + O=Masa Test + CN=Chip CSCA', 'C=UT + O=Masa Test + CN=Publishing CSCA']);
    expect(listing.crls).toMatchObject([{ issuer: 'C=UT, O=Masa Test, CN=Chip CSCA', revoked: 1 }]);

    // A list is bigger than the sync routes' 4 MiB body limit: the admin route takes it (and checks it).
    const admin = await openAdmin(data);
    await expect(admin.importMasterList(randomBytes(5 * 1024 * 1024).toString('base64'), readFileSync(join(files, 'anchor.pem')).toString('base64'))).rejects.toThrow(
      /^The file is not an ICAO CSCA master list/,
    );

    writeFileSync(join(files, 'sneak.json'), JSON.stringify({ table: 'icao_trust', rows: [{ key: 'csca:x', kind: 'csca', der: stranger.x509.raw.toString('base64') }] }));
    await expect(serverCli(['reference', 'set', join(files, 'sneak.json'), '--data', data], out)).rejects.toThrow('table icao_trust is written by the server, not by reference data');
  }, 60_000);
});

describe.skipIf(!!skip)('a desk judges chips with the trust list the server distributes (pcscd + vpcd)', () => {
  let pcsc: PcscHarness;
  let server: RunningServer;
  let desk: TestDesk;
  let card: RemoteEmrtd;
  const tmp = mkdtempSync(join(tmpdir(), 'masa-trust-pcsc-'));
  const trustDir = join(tmp, 'trust');
  const MRZ = makeTd1({ documentNumber: 'AA7712345', birthDate: '850314', expiryDate: '300101', fin: '5ABCDEF', surname: 'ALIYEV', givenNames: 'RASHAD', sex: 'M' });
  const bac = { documentNumber: 'AA7712345', birthDate: '850314', expiryDate: '300101' };
  const lines: string[] = [];
  const out = (s: string) => lines.push(s);

  beforeAll(async () => {
    pcsc = await PcscHarness.start();
    server = await startServer(await openDatabase('pglite'));
    await addOffice(server.db, 'ASXM Bakı-1');
    // The chip's document signer is on its CSCA's CRL (the card process writes the administrator's files).
    card = await RemoteEmrtd.start({ mrz: MRZ, port: pcsc.idReader.port, host: pcsc.cardHost, cscaDir: join(tmp, 'csca'), trustDir, revokedSigner: true });
    await card.insert();
    desk = await openDesk({ name: 'trust-desk', signIn: 'clerk', hardware: true, idChip: { read: (input, progress) => desk.services.idChip.read(input, progress) } });
    await desk.services.sync.enrol({ serverUrl: server.url, code: (await createEnrolmentCode(server.db, 'ASXM Bakı-1')).code });
    for (let i = 0; i < 400 && !desk.services.cards.status().readers.some((r) => r.name === pcsc.idReader.name && r.cardPresent); i++) await new Promise((r) => setTimeout(r, 25));
  });
  afterAll(async () => {
    await desk?.dispose();
    await card?.stop();
    await server?.close();
    await server?.db.close();
    await pcsc?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('before any trust list the issuer is not checked, and doctor says so', async () => {
    const read = await desk.call<ChipReadResult>('idcard:readChip', bac);
    expect(read.passiveAuth).toMatchObject({ hashes: 'ok', signature: 'ok', csca: 'not-checked' });
    const report = await runDoctor({ dataDir: desk.dataDir, cscaDirectory: null, timeoutMs: 3000 });
    expect(report.checks.find((c) => c.name === 'trust list')).toEqual({
      name: 'trust list',
      level: 'warn',
      detail: 'no CSCA trust list: chips are read but their issuer is not checked (the server imports one with `masa-server trust import-masterlist`, or set MASA_CSCA_DIR)',
    });
  });

  it('the master list imported at the server reaches the desk by sync: the chip’s issuer is trusted', async () => {
    await trustCommand(directAdmin(server.db), 'import-masterlist', [join(trustDir, 'masterlist.ml')], { anchor: join(trustDir, 'anchor.pem') }, out);
    expect(lines.at(-1)).toMatch(/: 2 CSCA certificate\(s\), 2 new; desks get them at their next sync$/);
    expect(await desk.services.sync.syncNow()).toMatchObject({ ok: true });
    expect(listCentralRows(desk.services.db, 'icao_trust').map((r) => r.key.split(':')[0]).sort()).toEqual(['csca', 'csca', 'masterlist']);
    const read = await desk.call<ChipReadResult>('idcard:readChip', bac);
    expect(read.passiveAuth).toMatchObject({ hashes: 'ok', signature: 'ok', csca: 'trusted', cscaSubject: 'C=UT + O=Masa Test + CN=Test CSCA', crl: 'none' });
    expect(read.refusal).toBeNull();
    // The record of the check kept with the visit says how the issuer was checked, CRL included.
    const visit = await desk.call<{ identityCheck: Record<string, unknown> }>('visits:create', { identityMethod: 'chip', chipReadId: read.readId });
    expect(visit.identityCheck).toMatchObject({ chipRead: true, passiveAuth: { hashes: 'ok', signature: 'ok', csca: 'trusted', crl: 'none' } });
  });

  it('the CRL revoking the chip’s document signer reaches the desk: the read is refused as failed authenticity', async () => {
    await trustCommand(directAdmin(server.db), 'import-crl', [join(trustDir, 'csca.crl')], {}, out);
    expect(lines.at(-1)).toMatch(/^CRL of C=UT, O=Masa Test, CN=Test CSCA issued .*: 1 revoked certificate\(s\)/);
    expect(await desk.services.sync.syncNow()).toMatchObject({ ok: true });
    const read = await desk.call<ChipReadResult>('idcard:readChip', bac);
    expect(read.passiveAuth).toMatchObject({ hashes: 'ok', signature: 'ok', csca: 'revoked', crl: 'current' });
    expect(read.passiveAuth!.problems).toEqual([expect.stringMatching(/^The document signer \(serial [0-9A-F]+\) is revoked: it is on the CRL of C=UT \+ O=Masa Test \+ CN=Test CSCA issued \d{4}-\d\d-\d\d$/)]);
    expect(read.refusal).toBe('passive');
    expect((await desk.callRaw('visits:create', { identityMethod: 'chip', chipReadId: read.readId })).error?.code).toBe('CHIP_REFUSED');
  });

  it('doctor: the list’s source, age and counts; a local folder adds to it', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const report = await runDoctor({ dataDir: desk.dataDir, cscaDirectory: null, timeoutMs: 3000 });
    const detail = report.checks.find((c) => c.name === 'trust list')?.detail;
    expect(detail).toMatch(new RegExp(`^2 CSCA certificate\\(s\\), 1 CRL\\(s\\) from the server, master list imported ${today} \\(today\\), signed ${today}$`));
    expect(report.trust).toMatchObject({ source: 'server', cscas: 2, crls: 1, expiredCrls: 0, folder: null });
    // The CRL's next update 40 days on: doctor warns about it then.
    const later = await runDoctor({ dataDir: desk.dataDir, cscaDirectory: join(tmp, 'csca'), timeoutMs: 3000, now: new Date(Date.now() + 40 * 86_400_000) });
    expect(later.trust).toMatchObject({ source: 'server and local folder', cscas: 3, crls: 1, expiredCrls: 1, folder: { cscas: 1, crls: 0, rejected: 0 } });
    expect(later.checks.find((c) => c.name === 'trust list CRLs')).toMatchObject({ level: 'warn', detail: expect.stringMatching(/^1 CRL\(s\) past their next update/) });
    expect(readFileSync(join(trustDir, 'anchor.pem'), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });
});
