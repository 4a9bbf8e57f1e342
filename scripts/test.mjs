// `npm test`: every check, in the order that fails fastest — build, lint, types, unit + integration (vitest),
// end-to-end (Playwright against the browser host; the Electron spec skips itself without an Electron binary).
// Ends with one line "N passed, N failed, N skipped" over all test cases, and a non-zero exit if any step failed.
// A failed build ends the run there: every later step would test stale or missing output.
// Part of it: `node scripts/test.mjs build e2e` (npm run test:e2e) or MASA_TEST_ONLY=lint,types (any subset of
// build, lint, types, vitest, e2e).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('test-results', { recursive: true });
const steps = [];
const totals = { passed: 0, failed: 0, skipped: 0 };

function run(name, command, args, env = {}) {
  const started = Date.now();
  console.log(`\n━━ ${name} ━━ ${command} ${args.join(' ')}`);
  const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  const ok = r.status === 0;
  steps.push({ name, ok, seconds: ((Date.now() - started) / 1000).toFixed(1) });
  return ok;
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

const only = process.argv.length > 2 ? process.argv.slice(2) : process.env.MASA_TEST_ONLY?.split(',');
const want = (step) => !only || only.includes(step);

function finish() {
  console.log('\n━━ summary ━━');
  for (const s of steps) console.log(`  ${s.ok ? 'ok  ' : 'FAIL'} ${s.name} (${s.seconds}s)`);
  const allOk = steps.every((s) => s.ok);
  console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
  process.exit(allOk && totals.failed === 0 ? 0 : 1);
}

// The central office console (console/, served by masa-server at /console) is built after the desk's bundles.
if (want('build') && !(run('build', 'npx', ['electron-vite', 'build', '--logLevel', 'warn']) && run('build (console)', 'npx', ['vite', 'build', '--config', 'console/vite.config.ts', '--logLevel', 'warn']))) finish();
if (want('lint')) run('lint', 'npx', ['eslint', '.', '--max-warnings', '0']);
if (want('types')) {
  run('types (node)', 'npx', ['vue-tsc', '--noEmit', '-p', 'tsconfig.node.json']);
  run('types (web)', 'npx', ['vue-tsc', '--noEmit', '-p', 'tsconfig.web.json']);
  run('types (e2e)', 'npx', ['vue-tsc', '--noEmit', '-p', 'tsconfig.e2e.json']);
}
if (want('vitest')) {
  rmSync('test-results/vitest.json', { force: true });
  run('unit + integration (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/vitest.json']);
  const v = readJson('test-results/vitest.json');
  if (v) {
    totals.passed += v.numPassedTests;
    totals.failed += v.numFailedTests;
    totals.skipped += v.numPendingTests + v.numTodoTests;
  } else {
    totals.failed += 1;
  }
}
if (want('e2e')) {
  rmSync('test-results/e2e-report.json', { force: true });
  run('end-to-end (playwright)', 'npx', ['playwright', 'test'], { CI: process.env.CI ?? '1' });
  const p = readJson('test-results/e2e-report.json');
  if (p?.stats) {
    totals.passed += p.stats.expected + (p.stats.flaky ?? 0);
    totals.failed += p.stats.unexpected;
    totals.skipped += p.stats.skipped;
  } else if (existsSync('test/e2e')) {
    totals.failed += 1;
  }
}

finish();
