// The system's printers as the desk sees them (issue 12, deliver 4). Two adapters: CUPS `lp`/`lpstat`
// (cups-printer.ts: the browser host, the CLI, and Electron on Linux) and Electron's silent webContents.print
// (electron-printer.ts, the app). Neither decides what happens when printing fails: print-delivery.ts falls back
// to the PDF download and says why.
import type { Paper, PrinterInfo } from '../../../common/printing/destinations';

export interface PrintJob {
  printer: string;
  /** The job's title in the queue (CUPS `-t`): the document's file name, no personal data. */
  title: string;
  paper: Paper;
  /** The rendered PDF (CUPS sends it). */
  pdf: Uint8Array;
  /** The page size of the PDF in mm (CUPS media `Custom.WxHmm` for the 80 mm roll). */
  pageMm: { width: number; height: number };
  /** The same document as HTML (Electron prints HTML in a hidden window, not a PDF). */
  html: string;
}

export interface PrinterPort {
  /** Which print service this is, for the Settings page. */
  readonly via: 'cups' | 'electron';
  /** The system's printers; throws PRINT_SERVICE_DOWN when the service does not answer. */
  list(): Promise<PrinterInfo[]>;
  /** Sends the job; resolves once the print service accepted it (its job id when it gives one). */
  print(job: PrintJob): Promise<{ jobId: string | null }>;
}

/** A4, or the 80 mm roll at the document's own length. */
export function pageMmFor(paper: Paper, measuredHeightMm: number | null): { width: number; height: number } {
  if (paper === 'a4') return { width: 210, height: 297 };
  return { width: 80, height: measuredHeightMm ?? 200 };
}

/**
 * The first page's size in mm read from the PDF's /MediaBox (Chromium writes page dictionaries as plain text);
 * null when it cannot be found. The 80 mm receipt is as long as its content, so its media size comes from here.
 */
export function pdfPageSizeMm(pdf: Uint8Array): { width: number; height: number } | null {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const m = /\/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]/.exec(text);
  if (!m) return null;
  const pt = (v: string) => Number(v);
  const mm = (points: number) => Math.round((points * 25.4) / 72);
  return { width: mm(pt(m[3]) - pt(m[1])), height: mm(pt(m[4]) - pt(m[2])) };
}
