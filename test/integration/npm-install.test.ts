// `npm ci` with the project's .npmrc, on the machine's own Node (older than 22 on Debian) and on Node 22: it resolves
// the locked tree without a wall of EBADENGINE warnings (postinstall's one line says what happens next), and it
// does not fail for the engines either. A dry run from the npm cache: nothing is downloaded or installed.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');
const node22 = join(root, 'node_modules', '.bin', 'node');

function which(binary: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8', env: { ...process.env, PATH: '/usr/local/bin:/usr/bin:/bin' } });
  return r.status === 0 ? r.stdout.trim() : null;
}

const npmCli = (() => {
  const npm = which('npm');
  return npm ? realpathSync(npm) : null;
})();
const systemNode = which('node');
const systemMajor = systemNode ? Number(spawnSync(systemNode, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).stdout.trim()) : 0;

const dir = mkdtempSync(join(tmpdir(), 'masa-npm-ci-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dryRunCi(node: string): { code: number | null; output: string } {
  for (const f of ['package.json', 'package-lock.json', '.npmrc']) if (existsSync(join(root, f))) copyFileSync(join(root, f), join(dir, f));
  const r = spawnSync(node, [npmCli!, 'ci', '--dry-run', '--ignore-scripts', '--offline', '--no-audit', '--no-fund'], {
    cwd: dir,
    encoding: 'utf8',
    // Only the project's .npmrc and npm's defaults: no user config that could hide or add warnings.
    env: { PATH: process.env.PATH, HOME: dir, npm_config_cache: join(process.env.HOME ?? '/root', '.npm') },
    timeout: 120_000,
  });
  return { code: r.status, output: r.stdout + r.stderr };
}

describe.skipIf(!npmCli)('npm ci with the project .npmrc', () => {
  it.skipIf(!systemNode || systemMajor >= 22)(`on the machine's Node (${systemMajor || 'none'}): no EBADENGINE wall, exit 0`, () => {
    const r = dryRunCi(systemNode!);
    expect(r.output).not.toMatch(/EBADENGINE/);
    expect(r.output).toMatch(/added \d+ packages/);
    expect(r.code).toBe(0);
  });

  it.skipIf(!existsSync(node22))('on Node 22: exit 0', () => {
    const r = dryRunCi(node22);
    expect(r.output).not.toMatch(/EBADENGINE|npm error/);
    expect(r.code).toBe(0);
  });
});
