#!/usr/bin/env node
// `masa` entry: runs cli/masa.ts through tsx on Node >= 22 (re-executing with the project's Node 22 from
// node_modules/.bin when the calling Node is older).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const node22 = join(root, 'node_modules', '.bin', 'node');
if (Number(process.versions.node.split('.')[0]) < 22 && existsSync(node22)) {
  const r = spawnSync(node22, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import(pathToFileURL(join(root, 'cli', 'masa.ts')).href);
process.exit(await main(process.argv.slice(2)));
