// `npm run bench`: every benchmark, each printing its figures with a baseline measured in the same run.
// Results also go to test-results/bench.json. Pick parts with: npm run bench -- foundation cards icao sync customers console
import { mkdirSync, writeFileSync } from 'node:fs';
import { benchFoundation } from './foundation';

type Part = { name: string; run: () => Promise<unknown> };

const parts: Part[] = [
  { name: 'foundation', run: () => benchFoundation() },
  { name: 'icao', run: async () => (await import('./icao')).benchIcao() },
  { name: 'icao-clone', run: async () => (await import('./icao-clone')).benchIcaoClone() },
  { name: 'trust', run: async () => (await import('./trust')).benchTrust() },
  { name: 'jpeg2000', run: async () => (await import('./jpeg2000')).benchJpeg2000() },
  { name: 'cards', run: async () => (await import('./cards')).benchCards() },
  { name: 'cards-probe', run: async () => (await import('./cards-probe')).benchCardsProbe() },
  { name: 'sync-server', run: async () => (await import('./sync-server')).benchSyncServer() },
  { name: 'sync-desk', run: async () => (await import('./sync-desk')).benchSyncDesk() },
  { name: 'customers', run: async () => (await import('./customers')).benchCustomers() },
  { name: 'reports', run: async () => (await import('./reports')).benchReports() },
  { name: 'printing', run: async () => (await import('./printing')).benchPrinting() },
  { name: 'console', run: async () => (await import('./console')).benchConsole() },
];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.versions.node };
  let failed = false;
  for (const part of parts) {
    if (wanted.length > 0 && !wanted.some((w) => part.name.startsWith(w))) continue;
    console.log(`\n== ${part.name} ==`);
    try {
      results[part.name] = await part.run();
    } catch (e) {
      failed = true;
      console.error(`${part.name} failed: ${e instanceof Error ? e.stack : String(e)}`);
    }
  }
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/bench.json', JSON.stringify(results, null, 2));
  process.exit(failed ? 1 : 0);
}

void main();
