// Real printing (issue 12, deliver 4): the desk's print service sends receipts and forms to a real CUPS scheduler
// (our own cupsd, test/support/cups.ts) with a cups-pdf queue, and what came out is read back with pdftotext/pdfinfo:
// the customer's name, the total, "Copy" on a reprint, the 80 mm roll's width. The name has no ə: cups-pdf distils the
// job again from PostScript, and glyphs outside WinAnsi (ə, ş) come out printed but without a text mapping, so
// pdftotext cannot read them back (the desk's own PDF keeps them: receipt-fixes.test.ts reads Məmmədova there). When no printer is chosen, or printing
// fails (unknown queue, cupsd stopped), the clerk gets the PDF and the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOWS, citizen, imei, type TestDesk, withDeskPerSuite } from '../support/desk';
import { CupsHarness, cupsUnavailable } from '../support/cups';
import type { PrintDelivery, PrintDestinations } from '../../common/printing/destinations';
import type { PrinterList } from '../../common/ipc/channels/printing';

const unavailable = cupsUnavailable();
if (unavailable) console.warn(`printing-cups: skipped — ${unavailable}`);

type Printed = { base64: string; fileName: string; delivery?: PrintDelivery };

describe.skipIf(unavailable !== null)('printing to a real CUPS queue (cups-pdf)', () => {
  let cups: CupsHarness;
  let desk: TestDesk;
  let visitId = '';
  let operationId = '';
  const savedServer = process.env.CUPS_SERVER;

  beforeAll(async () => {
    cups = new CupsHarness();
    await cups.start();
    cups.addPdfQueue('MasaPDF');
    // The desk's CupsPrinterPort runs lp/lpstat with the process's environment, as the browser host does.
    process.env.CUPS_SERVER = cups.socket;
  }, 30_000);
  afterAll(async () => {
    if (savedServer === undefined) delete process.env.CUPS_SERVER;
    else process.env.CUPS_SERVER = savedServer;
    await cups?.stop();
  });

  withDeskPerSuite({ ...FLOWS, signIn: 'admin' }, (d) => (desk = d));

  const setDestinations = (next: PrintDestinations) => desk.call<PrintDestinations>('printers:setDestinations', next);

  it('lists the queue, and without a chosen printer the receipt is a download saying so', async () => {
    const list = await desk.call<PrinterList>('printers:list');
    expect(list).toEqual({ printers: [{ name: 'MasaPDF', state: 'idle', isDefault: false }], error: null, via: 'cups' });
    const visit = await desk.newVisit(citizen({ surname: 'Quliyev', givenName: 'Elvin' }));
    visitId = visit.id;
    const done = await desk.call<{ operation: { id: string } }>('imei:register', {
      visitId, fin: '5ABCDEF', documentSeries: 'AA', documentNumber: '1234567', imei: imei('35693803564380'), securityCode: '7781',
      msisdn: '+994501234567', devicePriceMinor: 129_990, paymentType: 'cash',
    });
    operationId = done.operation.id;
    const pdf = await desk.call<Printed>('print:receipt', { visitId, language: 'en' });
    expect(pdf.delivery).toEqual({ kind: 'download', reason: 'not-configured', printer: null, error: null });
  }, 60_000);

  it('prints the receipt on the 80 mm roll to MasaPDF, and the reprint says Copy', async () => {
    const saved = await setDestinations({ receipt: { printer: 'MasaPDF', paper: 'receipt80' }, form: { printer: 'MasaPDF', paper: 'a4' }, komis: { printer: null, paper: 'a4' } });
    expect(saved.receipt).toEqual({ printer: 'MasaPDF', paper: 'receipt80' });
    const first = await desk.call<Printed>('print:receipt', { visitId, language: 'en' });
    expect(first.delivery).toMatchObject({ kind: 'printer', printer: 'MasaPDF', paper: 'receipt80', jobId: expect.stringMatching(/^MasaPDF-\d+$/) });
    const file = await cups.waitForPdf((first.delivery as { jobId: string }).jobId);
    const text = CupsHarness.text(file);
    expect(text).toContain('Quliyev Elvin');
    // The IMEI registration's fee is the visit's total: printed on the fee line and on the total line.
    const fee = /Total ([\d.]+ AZN)/.exec(text)?.[1];
    expect(fee, text).toBeDefined();
    expect(text).toContain('Receipt');
    expect(CupsHarness.pageSizeMm(file).width).toBe(80);
    // The second receipt here is the third print of this visit (the download above was the first): a copy.
    const again = await desk.call<Printed>('print:receipt', { visitId, language: 'en' });
    const copy = CupsHarness.text(await cups.waitForPdf((again.delivery as { jobId: string }).jobId));
    expect(copy).toContain('Receipt — Copy');
    expect(copy).toContain(`Total ${fee}`);
  }, 90_000);

  it('prints the application form on A4', async () => {
    const form = await desk.call<Printed>('print:form', { operationId, language: 'en' });
    expect(form.delivery).toMatchObject({ kind: 'printer', printer: 'MasaPDF', paper: 'a4' });
    const file = await cups.waitForPdf((form.delivery as { jobId: string }).jobId);
    expect(CupsHarness.text(file)).toContain('Quliyev Elvin');
    expect(CupsHarness.pageSizeMm(file)).toEqual({ width: 210, height: 297 });
  }, 60_000);

  it('falls back to the download with the reason: an unknown queue, then cupsd stopped', async () => {
    await setDestinations({ receipt: { printer: 'Gone', paper: 'a4' }, form: { printer: 'MasaPDF', paper: 'a4' }, komis: { printer: null, paper: 'a4' } });
    const gone = await desk.call<Printed>('print:receipt', { visitId, language: 'az' });
    expect(gone.delivery).toMatchObject({ kind: 'download', reason: 'failed', printer: 'Gone', error: { code: 'PRINTER_NOT_FOUND' } });
    expect(gone.base64.length).toBeGreaterThan(1000);

    await setDestinations({ receipt: { printer: 'MasaPDF', paper: 'a4' }, form: { printer: 'MasaPDF', paper: 'a4' }, komis: { printer: null, paper: 'a4' } });
    await cups.stop();
    const down = await desk.call<Printed>('print:receipt', { visitId, language: 'az' });
    expect(down.delivery).toMatchObject({ kind: 'download', reason: 'failed', printer: 'MasaPDF', error: { code: 'PRINT_SERVICE_DOWN' } });
    const list = await desk.call<PrinterList>('printers:list');
    expect(list.printers).toEqual([]);
    expect(list.error?.code).toBe('PRINT_SERVICE_DOWN');
  }, 60_000);

  it('keeps the choice in the desk settings and audits each change', async () => {
    const now = await desk.call<PrintDestinations>('printers:destinations');
    expect(now.receipt).toEqual({ printer: 'MasaPDF', paper: 'a4' });
    const rows = desk.services.db.prepare("SELECT details_json FROM audit_log WHERE kind = 'settings.update'").all() as { details_json: string }[];
    const names = rows.map((r) => JSON.parse(r.details_json) as { name: string; value: string });
    expect(names).toContainEqual({ name: 'printDestinations.receipt', value: 'MasaPDF · receipt80' });
    expect(names).toContainEqual({ name: 'printDestinations.receipt', value: 'Gone · a4' });
    expect(names).toContainEqual({ name: 'printDestinations.form', value: 'MasaPDF · a4' });
  });
});
