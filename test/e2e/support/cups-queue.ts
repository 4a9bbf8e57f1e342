// A spec file's own cupsd with the cups-pdf queue "MasaPDF" (test/support/cups.ts): started before the file's tests,
// stopped after them. The browser host each test starts inherits CUPS_SERVER, so lp/lpstat talk to this cupsd only.
import { test } from './fixtures';
import { CupsHarness, cupsUnavailable } from '../../support/cups';

export const PDF_QUEUE = 'MasaPDF';

export interface CupsPdfQueue {
  /** Why there is no real CUPS here (the tests skip, saying so), or null. */
  readonly unavailable: string | null;
  /** The running harness (only inside a test that did not skip). */
  readonly cups: CupsHarness;
}

export function useCupsPdfQueue(): CupsPdfQueue {
  const unavailable = cupsUnavailable();
  let cups: CupsHarness | null = null;
  test.beforeAll(async () => {
    if (unavailable) return;
    cups = new CupsHarness();
    await cups.start();
    cups.addPdfQueue(PDF_QUEUE);
    process.env.CUPS_SERVER = cups.socket;
  });
  test.afterAll(async () => {
    delete process.env.CUPS_SERVER;
    await cups?.stop();
  });
  return {
    unavailable,
    get cups() {
      if (!cups) throw new Error(`no cupsd is running: ${unavailable ?? 'use it inside a test'}`);
      return cups;
    },
  };
}
