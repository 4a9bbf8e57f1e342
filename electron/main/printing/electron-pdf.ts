// Electron's printToPDF as a PdfRenderer, typed structurally so this file never imports `electron`.
// In electron/main/index.ts:
//   pdfRenderer: electronPdfRenderer(() => new BrowserWindow({ show: false, webPreferences: { javascript: false, sandbox: true } }))
import { FunctionPdfRenderer } from './pdf-renderer';

/** Electron's printToPDF takes a custom page size in inches. */
export type PdfPageSize = 'A4' | { width: number; height: number };

export interface HiddenWindow {
  loadURL(url: string): Promise<void>;
  webContents: { printToPDF(options: { pageSize: PdfPageSize; printBackground: boolean }): Promise<Uint8Array> };
  destroy(): void;
}

/**
 * The 80 mm roll: the window runs no script, so the content cannot be measured as in ChromiumPdfRenderer; the page
 * is an A4 length (297 mm) of roll, which receipt printers' drivers cut after the last line.
 */
export const RECEIPT80_INCHES = { width: 80 / 25.4, height: 297 / 25.4 };

/** One hidden window per document, loaded from a data: URL (templates are self-contained), destroyed afterwards. */
export function electronPdfRenderer(createWindow: () => HiddenWindow): FunctionPdfRenderer {
  return new FunctionPdfRenderer(async (html, paper) => {
    const win = createWindow();
    try {
      await win.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
      return new Uint8Array(await win.webContents.printToPDF({ pageSize: paper === 'receipt80' ? RECEIPT80_INCHES : 'A4', printBackground: true }));
    } finally {
      win.destroy();
    }
  });
}
