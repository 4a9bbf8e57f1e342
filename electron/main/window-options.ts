// The main window's web preferences: the security baseline of every Masa window, kept here (not inline in
// index.ts) so a unit test pins every flag and a change to one is a visible, reviewed decision.
export function mainWindowWebPreferences(preloadPath: string, options: { packaged: boolean }) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
    // DevTools let whoever sits at the desk call any IPC channel with any input, so a packaged build has none;
    // development keeps them.
    devTools: !options.packaged,
  } as const;
}

/** The keys of a keyboard event, as Electron's `before-input-event` reports them. */
export interface KeyInput {
  type: string;
  key: string;
  code?: string;
  control?: boolean;
  meta?: boolean;
  alt?: boolean;
  shift?: boolean;
}

/**
 * Chromium's DevTools and view-source shortcuts: F12, Ctrl+Shift+I/J/C and Ctrl+U (Cmd+Alt+I/J/C and Cmd+Alt+U on
 * macOS). With `devTools: false` they already open nothing; a packaged build also swallows them, so none of them
 * reaches a handler that might (a menu accelerator, a later change to the window options).
 */
export function isDevToolsShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  if (key === 'f12' || input.code === 'F12') return true;
  const ctrlShift = !!input.control && !!input.shift && !input.alt && !input.meta;
  const cmdAlt = !!input.meta && !!input.alt && !input.control;
  if ((ctrlShift || cmdAlt) && ['i', 'j', 'c'].includes(key)) return true;
  return (!!input.control && !input.shift && !input.alt && key === 'u') || (cmdAlt && key === 'u');
}

/**
 * The application menu of a packaged build: none on Windows and Linux (the default one has View → Toggle Developer
 * Tools and Reload); on macOS the app, edit and window menus only, since without an Edit menu Cmd+C/V stop working.
 */
export function packagedMenuTemplate(platform: NodeJS.Platform): { role: 'appMenu' | 'editMenu' | 'windowMenu' }[] | null {
  return platform === 'darwin' ? [{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }] : null;
}
