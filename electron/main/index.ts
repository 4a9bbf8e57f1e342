// Electron composition root: the only file that touches Electron's main-process API. It builds the services
// (compose.ts), opens one locked-down window on the app:// scheme, and connects IPC to the shared dispatcher.
import { app, BrowserWindow, ipcMain, Menu, protocol, safeStorage, session, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APP_ENTRY_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, serveAppRequest } from './app-protocol';
import { composeServices, type Services } from './compose';
import { ChainedKeyStore, SafeStorageKeyStore, SecretServiceKeyStore } from './db/key-store';
import { CONTENT_SECURITY_POLICY } from './security';
import { isTrustedSender } from './ipc/sender';
import { isDevToolsShortcut, mainWindowWebPreferences, packagedMenuTemplate } from './window-options';
import { electronPdfRenderer } from './printing/electron-pdf';
import { ElectronPrinterPort } from './printing/electron-printer';
import { IPC_PREFIX } from '../../common/ipc/contract';
import { ErrorCode } from '../../common/errors';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererRoot = join(here, '../renderer');
// The dev server in `electron-vite dev` only: a packaged app never takes its page from an environment variable.
const rendererUrl = !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : APP_ENTRY_URL;
// Must happen before `ready`; a scheme registered later is not standard and its pages get an opaque origin.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }]);
let mainWindow: BrowserWindow | null = null;
let services: Services | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.whenReady().then(start).catch((e) => {
    console.error('masa: failed to start', e);
    app.exit(1);
  });
}

function lockDownSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

function lockDownContents(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-navigate', (event, url) => {
    if (url !== contents.getURL()) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  if (app.isPackaged) {
    // devTools: false already keeps them shut; this also drops their shortcuts and closes them if anything opens them.
    contents.on('before-input-event', (event, input) => {
      if (isDevToolsShortcut(input)) event.preventDefault();
    });
    contents.on('devtools-opened', () => contents.closeDevTools());
  }
}

function senderOf(event: IpcMainInvokeEvent) {
  const frame = event.senderFrame;
  return frame ? { url: frame.url, isMainFrame: frame.parent === null } : null;
}

async function start(): Promise<void> {
  lockDownSession();
  // The built renderer, from inside its folder only (app-protocol.ts refuses everything else with 404).
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererRoot, request.url, request.method));
  if (app.isPackaged) {
    const template = packagedMenuTemplate(process.platform);
    Menu.setApplicationMenu(template ? Menu.buildFromTemplate(template) : null);
  }
  app.on('web-contents-created', (_e, contents) => lockDownContents(contents));
  const dataDir = process.env.MASA_DATA_DIR ?? app.getPath('userData');
  services = composeServices({
    dataDir,
    host: 'electron',
    // The database key wrapped by safeStorage (usable only after 'ready', which start() runs after), and kept in the
    // OS keyring too so that `masa` and the browser host on this desk can open the same database.
    keyStore: new ChainedKeyStore(new SafeStorageKeyStore(dataDir, safeStorage), [new SecretServiceKeyStore(dataDir)]),
    hardware: true,
    // Receipts and forms print through Chromium's own printToPDF in a hidden, script-less, sandboxed window.
    pdfRenderer: electronPdfRenderer(() => new BrowserWindow({ show: false, webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false } })),
    // Silent printing to the printer chosen per document kind (Settings), in the same kind of hidden window; the
    // printer list comes from the main window (MASA_PRINT_VIA=cups prints through CUPS' lp instead, on Linux).
    printer:
      process.env.MASA_PRINT_VIA === 'cups'
        ? undefined
        : new ElectronPrinterPort(
            async () => (mainWindow ? mainWindow.webContents.getPrintersAsync() : []),
            () => new BrowserWindow({ show: false, webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false } }),
          ),
  });
  const s = services;
  if (s.databaseKey.warning) console.warn(`Masa: database key: ${s.databaseKey.warning}`);

  ipcMain.handle(`${IPC_PREFIX}invoke`, async (event, channel: unknown, input: unknown) => {
    if (!isTrustedSender(senderOf(event), rendererUrl)) {
      return { ok: false, error: { code: ErrorCode.Forbidden, message: 'IPC from an untrusted frame was refused.' } };
    }
    return s.dispatch(channel, input, { origin: 'electron' });
  });

  mainWindow = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 640,
    title: 'Masa',
    show: false,
    webPreferences: mainWindowWebPreferences(join(here, '../preload/index.cjs'), { packaged: app.isPackaged }),
  });
  const win = mainWindow;
  const unsubscribe = s.bus.subscribe((name, payload) => {
    if (!win.isDestroyed()) win.webContents.send(`${IPC_PREFIX}event`, name, payload);
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    unsubscribe();
    mainWindow = null;
  });
  await win.loadURL(rendererUrl);
}

app.on('window-all-closed', () => {
  app.quit();
});

app.on('will-quit', (event) => {
  if (services) {
    event.preventDefault();
    const s = services;
    services = null;
    void s.close().finally(() => app.exit(0));
  }
});
