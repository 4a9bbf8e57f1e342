// What became of a printed document (issue 12, deliver 4): main sent it to the printer chosen for its kind, or the
// clerk gets the PDF as a download — because no printer is chosen, or because printing failed (with main's reason).
// The sentence is made when shown, so it follows the language if the clerk switches it.
import { useI18n } from 'vue-i18n';
import { useErrorText } from '../errors';
import { deliverPdf, pdfBlobUrl, type PdfFile } from './pdf';
import type { PrintDelivery } from '../../../common/printing/destinations';

export type PrintedFile = PdfFile & { delivery?: PrintDelivery };

/** Downloads the PDF unless it went to a printer; either way returns its blob URL (revoke it when done). */
export function handOver(pdf: PrintedFile): string {
  return pdf.delivery?.kind === 'printer' ? pdfBlobUrl(pdf) : deliverPdf(pdf);
}

export function usePrintNotice() {
  const { t } = useI18n();
  const { codeText } = useErrorText();
  /** "Sent to MasaPDF." / why the PDF was downloaded instead; null when main said nothing (no delivery tried). */
  function noticeText(delivery: PrintDelivery | undefined | null): string | null {
    if (!delivery) return null;
    if (delivery.kind === 'printer') return t('printing.sentTo', { printer: delivery.printer });
    if (delivery.reason === 'not-configured') return t('printing.downloaded');
    return t('printing.fallback', { printer: delivery.printer ?? '', reason: delivery.error ? codeText(delivery.error.code) : '' });
  }
  return { noticeText };
}
