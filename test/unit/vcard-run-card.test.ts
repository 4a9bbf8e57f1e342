// The by-hand card runner (test/fixtures/vcards/run-card.ts): --help lists every card, and the id-card runner plays
// an eMRTD with the MRZ from its options whose test CSCA, written into a folder, makes MASA_CSCA_DIR trust it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { command as readId } from '../../cli/commands/read-id';
import { ExitCode } from '../../cli/exit-codes';
import { parseMrz } from '../../common/domain/mrz';
import { inProcessCard } from '../fixtures/vcards/emrtd-harness';
import { idCardFrom } from '../fixtures/vcards/run-card';
import { removeDir, tempDir, waitFor } from '../support/desk';

const root = resolve(__dirname, '../..');
const runner = join(root, 'test/fixtures/vcards/run-card.ts');
const tsx = join(root, 'node_modules/.bin/tsx');
const dir = tempDir('masa-run-card-');
afterAll(() => removeDir(dir));

describe('run-card.ts', () => {
  it('--help exits 0 and lists sim, pin-card and id-card with its MRZ options', () => {
    const r = spawnSync(tsx, [runner, '--help'], { encoding: 'utf8', cwd: dir });
    expect(r.status).toBe(0);
    for (const card of ['sim --iccid', 'pin-card', 'id-card [--doc AA1234567] [--birth YYMMDD] [--expiry YYMMDD] [--surname NAME] [--given NAMES]']) expect(r.stdout).toContain(card);
  });

  it('id-card: the chip opens with the MRZ of its options and passes passive authentication with MASA_CSCA_DIR', async () => {
    const cscaDir = join(dir, 'csca');
    const id = await idCardFrom({ doc: 'AB7654321', birth: '850304', expiry: '331231', surname: 'HASANOVA', given: 'LEYLA', sex: 'F', fin: '7XYZ3KL', 'csca-dir': cscaDir });
    const parsed = parseMrz(id.mrz);
    expect(parsed.ok && parsed.mrz).toMatchObject({ format: 'TD1', valid: true, documentNumber: 'AB7654321', birthDate: '850304', expiryDate: '331231', sex: 'F', surname: 'HASANOVA', givenNames: 'LEYLA', fin: '7XYZ3KL' });
    expect(id.cscaDir).toBe(cscaDir);
    expect(readdirSync(cscaDir)).toEqual(['csca-0.pem']);
    const saved = process.env.MASA_CSCA_DIR;
    process.env.MASA_CSCA_DIR = cscaDir;
    try {
      const out = { stdout: '', stderr: '' };
      const io = { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } };
      expect(await readId.run(['--mrz', id.mrz, '--json'], io, { withCard: inProcessCard(id.applet).withCard })).toBe(ExitCode.Ok);
      expect(JSON.parse(out.stdout)).toMatchObject({ verified: true, chip: { surname: 'HASANOVA', givenNames: 'LEYLA', fin: '7XYZ3KL' }, passiveAuth: { csca: 'trusted' } });
    } finally {
      if (saved === undefined) delete process.env.MASA_CSCA_DIR;
      else process.env.MASA_CSCA_DIR = saved;
    }
  });

  it('id-card by hand: prints the MRZ and the MASA_CSCA_DIR=… line, then inserts the card into the vpcd reader', async () => {
    const connected: Socket[] = [];
    const reader = createServer((s) => connected.push(s));
    await new Promise<void>((r) => reader.listen(0, '127.0.0.1', () => r()));
    const port = (reader.address() as { port: number }).port;
    const child = spawn(tsx, [runner, '--port', String(port), 'id-card', '--csca-dir', 'my-csca'], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    try {
      await waitFor(() => /inserted into vpcd/.test(stdout), 30_000, 'the runner to insert the card');
      expect(stdout).toContain(`MASA_CSCA_DIR=${join(dir, 'my-csca')}\n`);
      expect(stdout).toMatch(/^IDAZEAA1234567\d5ABC2DE<+$/m);
      expect(existsSync(join(dir, 'my-csca', 'csca-0.pem'))).toBe(true);
      expect(connected.length).toBe(1);
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
      for (const s of connected) s.destroy();
      await new Promise<void>((r) => reader.close(() => r()));
    }
  });
});
