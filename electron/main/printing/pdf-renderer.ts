// HTML → PDF. Electron's index.ts provides webContents.printToPDF through FunctionPdfRenderer; the browser host,
// the CLI and tests use headless Debian Chromium through playwright-core (never a downloaded browser).
import { AppError, ErrorCode } from '../../../common/errors';
import type { Paper } from '../../../common/printing/destinations';

export interface PdfRenderer {
  /** `paper`: A4 (default) or the 80 mm roll, as long as the document (templates-receipt80.ts). */
  render(html: string, paper?: Paper): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Wraps a host function, e.g. (html) => offscreen BrowserWindow.loadURL(data:…) then webContents.printToPDF({pageSize:'A4'}). */
export class FunctionPdfRenderer implements PdfRenderer {
  constructor(private readonly fn: (html: string, paper: Paper) => Promise<Uint8Array>) {}
  async render(html: string, paper: Paper = 'a4'): Promise<Uint8Array> {
    return this.fn(html, paper);
  }
  async close(): Promise<void> {}
}

type Browser = import('playwright-core').Browser;

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** 80 mm in CSS pixels (96 per inch). */
const RECEIPT80_PX = Math.round((80 / 25.4) * 96);

/** One headless Chromium, started on first use and kept for later prints; closed with the services. */
export class ChromiumPdfRenderer implements PdfRenderer {
  private browser: Promise<Browser> | null = null;

  constructor(private readonly executablePath: string = process.env.MASA_CHROMIUM ?? DEFAULT_CHROMIUM) {}

  private launch(): Promise<Browser> {
    if (!this.browser) {
      this.browser = import('playwright-core')
        .then(({ chromium }) =>
          chromium.launch({ executablePath: this.executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] }),
        )
        .catch((cause: unknown) => {
          this.browser = null;
          throw new AppError(ErrorCode.PrintFailed, `Chromium (${this.executablePath}) could not be started to make the PDF.`, { cause });
        });
    }
    return this.browser;
  }

  async render(html: string, paper: Paper = 'a4'): Promise<Uint8Array> {
    const browser = await this.launch();
    // A fresh context per document, offline: templates are self-contained (inline QR images, no fetches).
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      if (paper === 'receipt80') {
        // The roll is cut after the receipt: the page is as long as the content, measured at the roll's width.
        await page.setViewportSize({ width: RECEIPT80_PX, height: 600 });
        await page.setContent(html, { waitUntil: 'load' });
        const box = await page.locator('html').boundingBox();
        const heightMm = Math.max(40, Math.ceil(((box?.height ?? 755) * 25.4) / 96) + 2);
        return new Uint8Array(await page.pdf({ width: '80mm', height: `${heightMm}mm`, printBackground: true, margin: { top: '0', bottom: '0', left: '0', right: '0' } }));
      }
      await page.setContent(html, { waitUntil: 'load' });
      return new Uint8Array(await page.pdf({ format: 'A4', printBackground: true, margin: { top: '12mm', bottom: '12mm', left: '12mm', right: '12mm' } }));
    } catch (cause) {
      throw new AppError(ErrorCode.PrintFailed, 'The PDF could not be rendered.', { cause });
    } finally {
      await context.close().catch(() => {});
    }
  }

  async close(): Promise<void> {
    const b = this.browser;
    this.browser = null;
    if (b) await (await b.catch(() => null))?.close().catch(() => {});
  }
}
