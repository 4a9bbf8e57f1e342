// A PDF from main (receipt, form, KÖMİS sheet) handed to the clerk: saved through a download (Electron shows its save
// dialog; the browser host's Chromium saves or opens it), and kept as a blob URL the page can link to again.
// The strict CSP forbids embedding it (no frames or objects), so it is never shown inline.
export interface PdfFile {
  fileName: string;
  base64: string;
}

export function pdfBlobUrl(pdf: PdfFile): string {
  const bytes = Uint8Array.from(atob(pdf.base64), (c) => c.charCodeAt(0));
  return URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
}

/** Starts the download of the PDF and returns its blob URL (revoke it when the page goes). */
export function deliverPdf(pdf: PdfFile): string {
  const url = pdfBlobUrl(pdf);
  const a = document.createElement('a');
  a.href = url;
  a.download = pdf.fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  return url;
}
