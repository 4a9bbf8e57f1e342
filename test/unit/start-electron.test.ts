// `npm start` where the Electron binary cannot be downloaded: one sentence saying what to run instead, not the
// installer's `TypeError: fetch failed` stack (scripts/electron-binary.mjs, used by scripts/start-electron.mjs).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureElectronBinary } from '../../scripts/electron-binary.mjs';
import { removeDir, tempDir } from '../support/desk';

const dir = tempDir('masa-electron-pkg-');
afterAll(() => removeDir(dir));

/** A stand-in for node_modules/electron whose install.js does what the real one does: `script` in Node. */
function electronPackage(name: string, script: string): string {
  const pkg = join(dir, name);
  mkdirSync(pkg);
  writeFileSync(join(pkg, 'install.js'), script);
  return pkg;
}

function run(pkg: string) {
  const said = { out: [] as string[], err: [] as string[] };
  const binary = ensureElectronBinary(pkg, { out: (l: string) => said.out.push(l), err: (l: string) => said.err.push(l) });
  return { binary, ...said };
}

describe('npm start without an Electron binary', () => {
  it('no network: one sentence pointing to npm run start:browser, no stack', () => {
    // What @electron/get does offline: an unhandled rejection with undici's TypeError and its stack.
    const pkg = electronPackage('offline', "const e = new TypeError('fetch failed'); e.cause = Object.assign(new Error('getaddrinfo EAI_AGAIN github.com'), { code: 'EAI_AGAIN' }); Promise.reject(e);");
    const r = run(pkg);
    expect(r.binary).toBeNull();
    expect(r.out).toEqual(['masa: fetching the Electron binary (once)…']);
    expect(r.err).toEqual(['masa: the Electron app cannot start here: this machine cannot reach its download site. Run the same app in Chromium instead: npm run start:browser']);
  });

  it('an installer that fails otherwise, and a binary already there', () => {
    expect(run(electronPackage('broken', 'process.exit(3)')).err).toEqual([
      'masa: the Electron app cannot start here: its installer failed. Run the same app in Chromium instead: npm run start:browser',
    ]);
    const pkg = electronPackage('installed', '');
    mkdirSync(join(pkg, 'dist'));
    writeFileSync(join(pkg, 'path.txt'), 'electron');
    writeFileSync(join(pkg, 'dist', 'electron'), '');
    expect(run(pkg)).toEqual({ binary: join(pkg, 'dist', 'electron'), out: [], err: [] });
  });
});
