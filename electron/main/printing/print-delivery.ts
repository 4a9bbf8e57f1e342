// Sends a rendered document to the printer chosen for its kind, or says why the clerk gets the PDF instead
// (no printer chosen; the print service down; the queue unknown or refusing). The PDF always travels back too:
// the renderer downloads it whenever the delivery is a download.
import { AppError, ErrorCode } from '../../../common/errors';
import type { PrintDelivery as Delivery, PrintDocumentKind } from '../../../common/printing/destinations';
import type { PrinterList } from '../../../common/ipc/channels/printing';
import { pageMmFor, pdfPageSizeMm, type PrinterPort } from './printer-port';
import type { PrintSettings } from './print-settings';

export interface RenderedDocument {
  kind: PrintDocumentKind;
  fileName: string;
  html: string;
  pdf: Uint8Array;
}

export class PrintDelivery {
  constructor(
    private readonly settings: PrintSettings,
    /** null: no print service on this host (the documents are downloaded). */
    private readonly printer: PrinterPort | null,
    private readonly log: (message: string) => void = () => undefined,
  ) {}

  paperFor(kind: PrintDocumentKind) {
    return this.settings.paper(kind);
  }

  async deliver(doc: RenderedDocument): Promise<Delivery> {
    const dest = this.settings.destination(doc.kind);
    if (!dest.printer || !this.printer) return { kind: 'download', reason: 'not-configured', printer: null, error: null };
    const measured = pdfPageSizeMm(doc.pdf);
    try {
      const { jobId } = await this.printer.print({
        printer: dest.printer,
        title: doc.fileName,
        paper: dest.paper,
        pdf: doc.pdf,
        pageMm: pageMmFor(dest.paper, measured?.height ?? null),
        html: doc.html,
      });
      return { kind: 'printer', printer: dest.printer, paper: dest.paper, jobId };
    } catch (e) {
      const err = e instanceof AppError ? e : new AppError(ErrorCode.PrintRejected, e instanceof Error ? e.message : String(e), { details: { printer: dest.printer } });
      this.log(`print: ${doc.fileName} not sent to ${dest.printer}: ${err.message}`);
      return { kind: 'download', reason: 'failed', printer: dest.printer, error: { code: err.code, message: err.message } };
    }
  }

  /** The Settings page's list; a print service that does not answer is said, not thrown. */
  async printers(): Promise<PrinterList> {
    if (!this.printer) return { printers: [], error: null, via: 'none' };
    try {
      return { printers: await this.printer.list(), error: null, via: this.printer.via };
    } catch (e) {
      const err = e instanceof AppError ? e : new AppError(ErrorCode.PrintServiceDown, e instanceof Error ? e.message : String(e));
      return { printers: [], error: { code: err.code, message: err.message }, via: this.printer.via };
    }
  }
}
