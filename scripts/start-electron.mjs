// `npm start`: build, then run the Electron app. npm's `electron` package fetches its binary on first use; where
// that is impossible (an offline machine, or one without access to the binary's host) say so and point to the
// browser host, which runs the same app in Chromium.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const build = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const dir = join(process.cwd(), 'node_modules', 'electron');
const binaryPath = () => {
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const p = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(p) ? p : null;
};

if (!binaryPath()) {
  console.log('masa: fetching the Electron binary (once)…');
  const install = spawnSync(process.execPath, [join(dir, 'install.js')], { stdio: 'inherit', timeout: 300_000 });
  if (install.status !== 0 || !binaryPath()) {
    console.error('\nmasa: the Electron binary could not be installed on this machine.');
    console.error('      Run the same app in Chromium instead:  npm run start:browser\n');
    process.exit(1);
  }
}
const child = spawn(binaryPath(), ['.', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 0));
