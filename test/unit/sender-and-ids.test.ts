import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../electron/main/ipc/sender';
import { isUuid, uuidv7 } from '../../common/ids';

describe('IPC sender check', () => {
  const file = 'file:///opt/Masa/resources/app.asar/out/renderer/index.html';
  it.each([
    [{ url: file, isMainFrame: true }, file, true],
    [{ url: `${file}#/today`, isMainFrame: true }, file, true],
    [{ url: file, isMainFrame: false }, file, false], // an embedded frame
    [{ url: 'file:///tmp/evil.html', isMainFrame: true }, file, false],
    [{ url: 'https://evil.example/', isMainFrame: true }, file, false],
    [{ url: 'http://localhost:5173/#/today', isMainFrame: true }, 'http://localhost:5173', true], // dev server
    [{ url: 'http://localhost:5174/', isMainFrame: true }, 'http://localhost:5173', false],
    [{ url: 'not a url', isMainFrame: true }, file, false],
    [null, file, false],
  ])('%j for %s → %s', (sender, rendererUrl, expected) => expect(isTrustedSender(sender, rendererUrl)).toBe(expected));
});

describe('UUIDv7', () => {
  it('is a version-7, variant-10 UUID', () => {
    const id = uuidv7();
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
  });
  it('sorts in creation order, even within one millisecond', () => {
    const ids = Array.from({ length: 2000 }, () => uuidv7(1_800_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('carries the creation time in its first 48 bits', () => {
    const t = Date.UTC(2026, 10, 23, 8, 30);
    expect(parseInt(uuidv7(t + 1000).replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThanOrEqual(t + 1000);
  });
});

import { mainWindowWebPreferences } from '../../electron/main/window-options';

describe('main window web preferences', () => {
  it('keep the security baseline', () => {
    for (const packaged of [true, false]) {
      expect(mainWindowWebPreferences('/x/preload.cjs', { packaged })).toMatchObject({
        preload: '/x/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false,
      });
    }
  });
  it('have no DevTools in a packaged build (issue 10, hole 9), and keep them in development', () => {
    expect(mainWindowWebPreferences('/x/preload.cjs', { packaged: true }).devTools).toBe(false);
    expect(mainWindowWebPreferences('/x/preload.cjs', { packaged: false }).devTools).toBe(true);
  });
});
