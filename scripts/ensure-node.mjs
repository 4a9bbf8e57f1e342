// Makes every npm script of this project run on Node >= 22, even where the machine has an older Node.
// npm puts node_modules/.bin first on PATH for scripts, so a `node` link there wins. Users who already
// have Node 22+ get nothing installed. The Node build comes from the npm registry's `node` package.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, symlinkSync, lstatSync, readlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REQUIRED_MAJOR = 22;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const toolDir = join(root, '.node22');
// The registry's `node` package only picks one of these per platform; installing it directly needs no install script.
const platformPackage = `node-${process.platform}-${process.arch}`;
const nodeBin = join(toolDir, 'node_modules', platformPackage, 'bin', 'node');
const linkPath = join(root, 'node_modules', '.bin', 'node');

function majorOf(binary) {
  try {
    return Number(execFileSync(binary, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' }).trim());
  } catch {
    return 0;
  }
}

const current = Number(process.versions.node.split('.')[0]);
if (current >= REQUIRED_MAJOR && !existsSync(linkPath)) {
  process.exit(0);
}
if (current < REQUIRED_MAJOR || existsSync(linkPath)) {
  if (majorOf(nodeBin) < REQUIRED_MAJOR) {
    console.log(`masa: Node ${process.versions.node} is older than ${REQUIRED_MAJOR}; fetching Node ${REQUIRED_MAJOR} from the npm registry into .node22/ (once)…`);
    rmSync(toolDir, { recursive: true, force: true });
    mkdirSync(toolDir, { recursive: true });
    execFileSync('npm', ['install', '--prefix', toolDir, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${platformPackage}@${REQUIRED_MAJOR}`], { stdio: 'inherit' });
  }
  mkdirSync(dirname(linkPath), { recursive: true });
  const target = relative(dirname(linkPath), nodeBin);
  let linked = false;
  try { linked = lstatSync(linkPath).isSymbolicLink() && readlinkSync(linkPath) === target; } catch { /* absent */ }
  if (!linked) {
    rmSync(linkPath, { force: true });
    symlinkSync(target, linkPath);
  }
  console.log(`masa: npm scripts run on Node ${execFileSync(linkPath, ['--version'], { encoding: 'utf8' }).trim()} (node_modules/.bin/node).`);
}
