// Electron's printToPDF as a PdfRenderer, typed structurally so this file never imports `electron`.
// In electron/main/index.ts:
//   pdfRenderer: electronPdfRenderer(() => new BrowserWindow({ show: false, webPreferences: { javascript: false, sandbox: true } }))
import { FunctionPdfRenderer } from './pdf-renderer';

export interface HiddenWindow {
  loadURL(url: string): Promise<void>;
  webContents: { printToPDF(options: { pageSize: 'A4'; printBackground: boolean }): Promise<Uint8Array> };
  destroy(): void;
}

/** One hidden window per document, loaded from a data: URL (templates are self-contained), destroyed afterwards. */
export function electronPdfRenderer(createWindow: () => HiddenWindow): FunctionPdfRenderer {
  return new FunctionPdfRenderer(async (html) => {
    const win = createWindow();
    try {
      await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
      return new Uint8Array(await win.webContents.printToPDF({ pageSize: 'A4', printBackground: true }));
    } finally {
      win.destroy();
    }
  });
}
