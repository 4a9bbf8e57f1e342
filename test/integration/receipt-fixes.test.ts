// The combined receipt as the customer signs it (issue 14 #5): whom a power-of-attorney operation was done for, the
// IMEI price band by its price range (not the code 'band-4'), and the signature lines never alone on a page.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOWS, citizen, iccid, imei, type TestDesk, withDeskPerSuite } from '../support/desk';
import type { PowerOfAttorney } from '../../common/ipc/channels/flows';
import type { Operation } from '../../common/operations';
import { receiptHtml } from '../../electron/main/printing/templates';
import { ChromiumPdfRenderer } from '../../electron/main/printing/pdf-renderer';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'masa-receipt-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The text of each page of a PDF (pdftotext, one page at a time). */
function pages(pdf: Uint8Array | Buffer): string[] {
  const file = join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const count = Number(/Pages:\s+(\d+)/.exec(info)![1]);
  return Array.from({ length: count }, (_, i) => execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }));
}

describe('combined receipt: acting for, price band', () => {
  let desk: TestDesk;
  withDeskPerSuite(FLOWS, (d) => (desk = d));

  it('names the principal of a POA operation and prints the price band as a range in AZN', async () => {
    const trustee = citizen({ fin: '7XYZ123', documentNumber: 'AA7654321', surname: 'Məmmədova', givenName: 'Aysel' });
    const visit = await desk.newVisit(trustee);
    const { poa } = await desk.call<{ poa: PowerOfAttorney }>('poa:create', {
      visitId: visit.id, principal: { kind: 'person', fin: '5ABCDEF', name: 'Əliyev Rəşad' }, trustee: { fin: '7XYZ123' },
      notaryRegistryNumber: 'N-2026/123', notaryDate: '2026-05-20', validFrom: '2026-05-20', validTo: '2027-05-19', scope: ['cert.issue'],
    });
    desk.sim.iccid = iccid('5550000001');
    const { readId } = await desk.call<{ readId: string }>('sim:readIccid', {});
    await desk.call('cert:issue', { visitId: visit.id, actingFor: { poaId: poa.id }, certType: 'ferdi', holder: 'trustee', msisdn: '+994551112233', sim: { readId } });
    await desk.call('imei:register', {
      visitId: visit.id, fin: '7XYZ123', documentSeries: 'AA', documentNumber: '7654321', imei: imei('35693803564380'), securityCode: '7781',
      msisdn: '+994501234567', devicePriceMinor: 129_990, paymentType: 'cash',
    });
    const expected = {
      az: { actingFor: 'Əliyev Rəşad (FİN 5ABCDEF)', band: '1000.01 AZN və daha çox' },
      en: { actingFor: 'Acting for: Əliyev Rəşad (FIN 5ABCDEF)', band: '1000.01 AZN and more' },
      ru: { actingFor: 'Əliyev Rəşad (FIN 5ABCDEF)', band: 'от 1000.01 AZN' },
    } as const;
    for (const lang of ['az', 'en', 'ru'] as const) {
      const pdf = await desk.call<{ base64: string }>('print:receipt', { visitId: visit.id, language: lang });
      // Lines wrap inside the details column: compare the words, not the line breaks.
      const text = pages(Buffer.from(pdf.base64, 'base64')).join('\n').replace(/\s+/g, ' ');
      expect(text, lang).toContain(expected[lang].actingFor);
      expect(text, lang).toContain(expected[lang].band);
      expect(text, lang).not.toContain('band-4');
    }
  }, 60_000);
});

describe('combined receipt: page breaks', () => {
  const renderer = new ChromiumPdfRenderer();
  afterAll(() => renderer.close());
  const header = { office: 'ASXM Bakı-1', desk: 'Masa 3', visitNumber: 7, visitId: '0190c0de-0000-7000-8000-000000000001', date: '2026-06-01T08:00:00.000Z', clerkName: 'Elvin Clerk', customer: 'MAMMADOVA LEYLA · FIN 5ZX8K2P' };
  function ops(n: number): Operation[] {
    return Array.from({ length: n }, (_, i) => ({
      id: `0190c0de-0000-7000-8000-${String(i).padStart(12, '0')}`, visitId: header.visitId, kind: 'sim.duplicate', subject: 'fin:5ZX8K2P',
      payload: { msisdn: '+994501234567', reason: 'damaged', oldIccid: iccid(String(1000 + i).padStart(10, '0')), newIccid: iccid(String(2000 + i).padStart(10, '0')) },
      feeMinor: 700, approval: null, poaId: null, createdAt: '2026-06-01T08:00:00.000Z', clerkId: 'c', status: 'completed',
    })) as Operation[];
  }

  it('keeps the signature lines on the page of the last rows and the total, however many operations', async () => {
    const alone: number[] = [];
    for (let n = 1; n <= 16; n++) {
      const text = pages(await renderer.render(await receiptHtml('en', header, ops(n))));
      const signed = text.find((p) => p.includes('Customer’s signature'))!;
      if (!signed.includes('Total') || !signed.includes(ops(n)[n - 1].id)) alone.push(n);
    }
    expect(alone, 'operation counts whose signature lines fall onto a page without the table').toEqual([]);
  }, 120_000);
});
