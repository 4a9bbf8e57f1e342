// A rendered paper as the renderer gets it back (file name, PDF, its SHA-256), and the one way every printing service
// makes one: render on the kind's paper, then hand it to that kind's printer when one is chosen.
import { createHash } from 'node:crypto';
import type { PrintDelivery as Delivery, PrintDocumentKind } from '../../../common/printing/destinations';
import type { PdfRenderer } from './pdf-renderer';
import type { PrintDelivery } from './print-delivery';

export interface PdfDocument {
  fileName: string;
  mime: 'application/pdf';
  base64: string;
  sha256: string;
  /** Sent to the kind's printer, or to be downloaded (and why); absent where nothing was tried (the KÖMİS sheet). */
  delivery?: Delivery;
}

/** Renders `html` on `paper` (A4 unless the receipt roll) into a PdfDocument. */
export async function renderPdf(renderer: PdfRenderer, html: string, fileName: string, paper: 'a4' | 'receipt80' = 'a4'): Promise<PdfDocument> {
  const bytes = Buffer.from(await renderer.render(html, paper));
  return { fileName, mime: 'application/pdf', base64: bytes.toString('base64'), sha256: createHash('sha256').update(bytes).digest('hex') };
}

/** Rendered on the kind's paper, then sent to its printer when one is chosen (the PDF comes back either way). */
export async function renderAndDeliver(renderer: PdfRenderer, delivery: PrintDelivery | null, kind: PrintDocumentKind, html: string, fileName: string): Promise<PdfDocument> {
  const doc = await renderPdf(renderer, html, fileName, delivery?.paperFor(kind) ?? 'a4');
  if (!delivery) return doc;
  return { ...doc, delivery: await delivery.deliver({ kind, fileName, html, pdf: Buffer.from(doc.base64, 'base64') }) };
}
