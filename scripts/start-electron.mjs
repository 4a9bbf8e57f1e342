// `npm start`: build, then run the Electron app. Where the Electron binary cannot be had (scripts/electron-binary.mjs)
// say so in one sentence and point to the browser host, which runs the same app in Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureElectronBinary } from './electron-binary.mjs';

const build = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const binary = ensureElectronBinary(join(process.cwd(), 'node_modules', 'electron'));
if (!binary) process.exit(1);
const child = spawn(binary, ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
