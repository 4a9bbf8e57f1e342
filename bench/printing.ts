// Real printing (issue 12, deliver 4): what a receipt costs from HTML to a printed file. Measured in the same run:
// the PDF render of the 80 mm receipt (measured at the roll's width, then printed as long as it is) against the A4
// receipt of the same visit (the baseline: one render without the measuring step); then, through our own cupsd with a
// cups-pdf queue, the time `lp` takes to accept the job (what the clerk waits for before "Sent to …") and the time
// until cups-pdf has written the file (CUPS' filters and Ghostscript; a real printer's own time replaces this part).
import { readFileSync } from 'node:fs';
import { ChromiumPdfRenderer } from '../electron/main/printing/pdf-renderer';
import { receiptHtml, type PrintHeader } from '../electron/main/printing/templates';
import { receipt80Html } from '../electron/main/printing/templates-receipt80';
import { CupsPrinterPort } from '../electron/main/printing/cups-printer';
import { pageMmFor, pdfPageSizeMm } from '../electron/main/printing/printer-port';
import type { Operation } from '../common/operations';
import { CupsHarness, cupsUnavailable } from '../test/support/cups';
import { fmt, median } from './stats';

export interface PrintingBench {
  renderA4MedianMs: number;
  render80MedianMs: number;
  lpAcceptMedianMs: number | null;
  printedFileMedianMs: number | null;
  skipped: string | null;
}

const RUNS = 8;
const CUPS_RUNS = 5;

const header: PrintHeader = { office: 'ASXM Bakı-1', desk: 'Masa 3', visitNumber: 12, visitId: '01a23512-cb91-740b-ad09-d2586577ad6a', date: '2026-06-01T08:00:00Z', clerkName: 'Aysel Məmmədova', customer: 'Quliyev Elvin · FIN 5ABCDEF' };
const ops: Operation[] = [1, 2, 3].map((i) => ({
  id: `01a23512-cb91-740b-ad09-d2586577ad6${i}`, visitId: header.visitId, kind: 'imei.register', subject: 'fin:5ABCDEF',
  payload: { imei: `35693803564380${i}`, msisdn: '+994501234567', noticeCode: `IM2026060100000${i}` }, feeMinor: 8000, approval: null, poaId: null,
  createdAt: '2026-06-01T08:00:00Z', clerkId: 'c1', status: 'completed',
}) as unknown as Operation);

async function timeRenders(renderer: ChromiumPdfRenderer, html: string, paper: 'a4' | 'receipt80'): Promise<{ ms: number[]; pdf: Uint8Array }> {
  let pdf = await renderer.render(html, paper); // warm-up: the browser starts on first use
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    pdf = await renderer.render(html, paper);
    ms.push(performance.now() - t0);
  }
  return { ms, pdf };
}

export async function benchPrinting(): Promise<PrintingBench> {
  const renderer = new ChromiumPdfRenderer();
  const standing = { provisional: true, final: false, copy: false };
  try {
    const a4 = await timeRenders(renderer, await receiptHtml('az', header, ops, { standing }), 'a4');
    const r80 = await timeRenders(renderer, await receipt80Html('az', header, ops, { standing }), 'receipt80');
    const size = pdfPageSizeMm(r80.pdf);
    console.log(`render: A4 receipt median ${fmt(median(a4.ms), 0)} ms (baseline); 80 mm receipt median ${fmt(median(r80.ms), 0)} ms (${size?.width}×${size?.height} mm, ×${fmt(median(r80.ms) / median(a4.ms))})`);
    const skipped = cupsUnavailable();
    if (skipped) {
      console.log(`cups: skipped — ${skipped}`);
      return { renderA4MedianMs: median(a4.ms), render80MedianMs: median(r80.ms), lpAcceptMedianMs: null, printedFileMedianMs: null, skipped };
    }
    const cups = new CupsHarness();
    await cups.start();
    try {
      cups.addPdfQueue('MasaPDF');
      const port = new CupsPrinterPort({ server: cups.socket });
      const accept: number[] = [];
      const written: number[] = [];
      for (let i = 0; i < CUPS_RUNS; i++) {
        const t0 = performance.now();
        const { jobId } = await port.print({ printer: 'MasaPDF', title: `receipt-${i}.pdf`, paper: 'receipt80', pdf: r80.pdf, pageMm: pageMmFor('receipt80', size?.height ?? null), html: '' });
        accept.push(performance.now() - t0);
        const file = await cups.waitForPdf(jobId!, 120_000);
        written.push(performance.now() - t0);
        if (readFileSync(file).length === 0) throw new Error('cups-pdf wrote an empty file');
      }
      console.log(`cups: lp accepts the job in ${fmt(median(accept), 0)} ms (median of ${CUPS_RUNS}); cups-pdf's file is written ${fmt(median(written), 0)} ms after the call`);
      return { renderA4MedianMs: median(a4.ms), render80MedianMs: median(r80.ms), lpAcceptMedianMs: median(accept), printedFileMedianMs: median(written), skipped: null };
    } finally {
      await cups.stop();
    }
  } finally {
    await renderer.close();
  }
}
