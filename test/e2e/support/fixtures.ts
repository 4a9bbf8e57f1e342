// The set-up every browser-host spec shares, as Playwright fixtures: each test gets its own browser host on a fresh
// data folder, set up by the first-run form and signed in as the administrator in English (test.use({ signedIn:
// false }) leaves it at the set-up form), stopped and its folder removed afterwards. test.use({ virtualCards: true })
// starts our own pcscd with two virtual readers first (the host inherits its socket) and skips where pcscd is absent;
// beforeHost puts cards in them before the host starts, for a test that needs a card there from the first screen.
import { test as base, expect } from '@playwright/test';
import { completeSetup, removeDataDir, signIn, startHost, type RunningHost } from './host';
import { VirtualDesk, pcscSkipReason } from './virtual-cards';

export { expect };

export interface DeskOptions {
  /** Set up and signed in before the test (default), or the bare first-run screen. */
  signedIn: boolean;
  /** Start the virtual card readers before the host. */
  virtualCards: boolean;
  /** With virtualCards: run with the readers up, before the host starts (e.g. put a card in). An object, because
   * Playwright takes a bare function in test.use for a fixture of its own. */
  beforeHost: { run(cards: VirtualDesk): Promise<void> } | null;
}

export interface DeskFixtures {
  /** The browser host of this test (auto: every test has one). */
  host: RunningHost;
  /** The virtual readers (needs test.use({ virtualCards: true })). */
  cards: VirtualDesk;
}

interface Internal {
  virtualDesk: VirtualDesk | null;
}

export const test = base.extend<DeskOptions & DeskFixtures & Internal>({
  signedIn: [true, { option: true }],
  virtualCards: [false, { option: true }],
  beforeHost: [null, { option: true }],

  virtualDesk: async ({ virtualCards, beforeHost }, use, testInfo) => {
    if (!virtualCards) return use(null);
    const skip = pcscSkipReason();
    testInfo.skip(!!skip, skip ?? '');
    const desk = await VirtualDesk.start();
    await beforeHost?.run(desk);
    await use(desk);
    await desk.stop();
  },

  cards: async ({ virtualDesk }, use) => {
    if (!virtualDesk) throw new Error('the cards fixture needs test.use({ virtualCards: true })');
    await use(virtualDesk);
  },

  host: [
    // Depends on virtualDesk so the readers' pcscd is up before the host starts (it inherits the socket path).
    async ({ page, signedIn, virtualDesk: _readersFirst }, use) => {
      const host = await startHost();
      try {
        if (signedIn) {
          await completeSetup(page, host);
          await signIn(page);
          await page.getByTestId('language').selectOption('en');
        }
        await use(host);
      } finally {
        await host.stop();
        removeDataDir(host.dataDir);
      }
    },
    { auto: true },
  ],
});
