// The packaged Electron app's hardening (issue 10, hole 9 / deliver 7): the fuses electron-builder flips in the
// binary, the asar archive they rely on, DevTools shut in packaged builds, and the window on app:// not file://.
// No Electron binary runs here, so the configuration and the plain-Node pieces are checked; the running window is
// checked by test/e2e/electron.spec.ts where a binary is installed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDevToolsShortcut, packagedMenuTemplate } from '../../electron/main/window-options';

const root = resolve(__dirname, '../..');
const require = createRequire(import.meta.url);

interface BuilderConfig {
  asar?: unknown;
  electronFuses?: Record<string, unknown>;
}
// electron-builder's own loader and schema check (app-builder-lib, installed with electron-builder): the test sees
// the configuration exactly as `npm run package` will, and a misspelt fuse fails the schema.
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

async function builderConfig(): Promise<BuilderConfig> {
  return getConfig(root, 'electron-builder.yml', null);
}

describe('electron-builder.yml', () => {
  it('sets every fuse of deliver 7', async () => {
    expect((await builderConfig()).electronFuses).toMatchObject({
      runAsNode: false, // ELECTRON_RUN_AS_NODE would make the signed binary a plain Node
      enableNodeOptionsEnvironmentVariable: false, // NODE_OPTIONS=--require evil.js
      enableNodeCliInspectArguments: false, // --inspect / SIGUSR1: a debugger in main
      enableEmbeddedAsarIntegrityValidation: true, // a modified app.asar does not start
      onlyLoadAppFromAsar: true, // nor an app/ folder dropped beside it
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false, // the renderer is on app://, file:// needs nothing extra
    });
  });

  it('packs the app into app.asar, which the integrity fuses check', async () => {
    expect((await builderConfig()).asar).toBe(true);
  });

  it('passes the installed electron-builder schema', async () => {
    const config = await builderConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // …which would catch a misspelt fuse, so the check above means something.
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsnode: false } };
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/electronFuses/);
  });
});

describe('DevTools in a packaged build', () => {
  it.each([
    [{ type: 'keyDown', key: 'F12', code: 'F12' }, true],
    [{ type: 'keyDown', key: 'I', control: true, shift: true }, true],
    [{ type: 'keyDown', key: 'j', control: true, shift: true }, true],
    [{ type: 'keyDown', key: 'C', control: true, shift: true }, true], // the element picker
    [{ type: 'keyDown', key: 'u', control: true }, true], // view source
    [{ type: 'keyDown', key: 'i', meta: true, alt: true }, true], // macOS
    [{ type: 'keyDown', key: 'u', meta: true, alt: true }, true],
    [{ type: 'keyUp', key: 'F12', code: 'F12' }, false], // only the press is swallowed
    [{ type: 'keyDown', key: 'i', control: true }, false], // the app's own keys pass
    [{ type: 'keyDown', key: 'c', control: true }, false], // copy
    [{ type: 'keyDown', key: 'F1', code: 'F1' }, false],
    [{ type: 'keyDown', key: 'F2', code: 'F2' }, false],
    [{ type: 'keyDown', key: 'Enter' }, false],
  ])('%j is a DevTools shortcut: %s', (input, expected) => expect(isDevToolsShortcut(input)).toBe(expected));

  it('no menu with View → Toggle Developer Tools; macOS keeps the edit menu for copy and paste', () => {
    expect(packagedMenuTemplate('linux')).toBeNull();
    expect(packagedMenuTemplate('win32')).toBeNull();
    const mac = packagedMenuTemplate('darwin')!.map((m) => m.role);
    expect(mac).toContain('editMenu');
    expect(mac).not.toContain('viewMenu');
    expect(mac).not.toContain('toggleDevTools');
  });
});

// The composition root imports `electron`, so it cannot run here; these pin the few lines that wire the pieces
// above together, so a revert to file:// or to DevTools everywhere does not pass unnoticed.
describe('electron/main/index.ts', () => {
  const source = readFileSync(resolve(root, 'electron/main/index.ts'), 'utf8');
  it('loads the renderer from app://, registered as privileged before ready, never from file://', () => {
    expect(source).not.toMatch(/pathToFileURL|file:\/\//);
    expect(source).toMatch(/protocol\.registerSchemesAsPrivileged\(/);
    expect(source.indexOf('protocol.registerSchemesAsPrivileged(')).toBeLessThan(source.indexOf('app.whenReady()'));
    expect(source).toMatch(/protocol\.handle\(APP_SCHEME, .*serveAppRequest\(/);
    expect(source).toMatch(/: APP_ENTRY_URL;/);
    // The dev server's address is honoured only in development.
    expect(source).toMatch(/!app\.isPackaged && process\.env\.ELECTRON_RENDERER_URL/);
  });
  it('shuts DevTools in packaged builds, in every window', () => {
    expect(source).toMatch(/mainWindowWebPreferences\(.*\{ packaged: app\.isPackaged \}\)/);
    expect(source).toMatch(/before-input-event[\s\S]{0,120}isDevToolsShortcut/);
    expect(source).toMatch(/pdfRenderer:[^\n]*devTools: false/);
  });
});
