// Shared by the package bins: make sure we run on Node >= 22 (re-executing with the project's Node 22 from
// node_modules/.bin when the calling Node is older), then load a TypeScript entry through tsx.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Returns the entry module's exports, or never returns when this process re-executed itself on Node 22. */
export async function loadTsEntry(binUrl, entry) {
  const node22 = join(root, 'node_modules', '.bin', 'node');
  if (Number(process.versions.node.split('.')[0]) < 22 && existsSync(node22)) {
    const r = spawnSync(node22, [fileURLToPath(binUrl), ...process.argv.slice(2)], { stdio: 'inherit' });
    process.exit(r.status ?? 1);
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(root, entry)).href);
}
