// Receipts, forms and the KÖMİS sheet rendered to PDF by headless Debian Chromium; text checked with pdftotext.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOWS, iccid, openDesk, type TestDesk } from '../support/desk';
import type { Operation } from '../../common/ipc/channels/flows';
import { escapeHtml } from '../../electron/main/printing/templates';

let desk: TestDesk;
let tmp: string;
let visitId: string;
let ops: Operation[];

function pdfText(base64: string): string {
  const file = join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'masa-print-'));
  desk = await openDesk(FLOWS);
  const visit = await desk.newVisit();
  visitId = visit.id;
  desk.sim.iccid = iccid('0000000001');
  const read = await desk.call<{ readId: string }>('sim:readIccid', {});
  await desk.call('cert:issue', { visitId, certType: 'ferdi', holder: 'self', msisdn: '+994501234567', sim: { readId: read.readId } });
  desk.sim.iccid = iccid('0000000002');
  const read2 = await desk.call<{ readId: string }>('sim:readIccid', {});
  await desk.call('sim:duplicate', { visitId, msisdn: '+994501234567', reason: 'damaged', oldIccid: iccid('0000000001'), newSim: { readId: read2.readId } });
  ops = await desk.call<Operation[]>('visits:operations', { visitId });
}, 60_000);

afterAll(async () => {
  await desk?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

describe('combined receipt', () => {
  const cases = [
    { lang: 'az', title: 'Qəbz', kind: 'SIM dublikatı', total: 'Cəmi' },
    { lang: 'en', title: 'Receipt', kind: 'SIM duplicate', total: 'Total' },
    { lang: 'ru', title: 'Квитанция', kind: 'Дубликат SIM-карты', total: 'Итого' },
  ] as const;
  for (const c of cases) {
    it(`prints every operation of the visit with fees and the total in ${c.lang}`, async () => {
      const pdf = await desk.call<{ base64: string; fileName: string; mime: string }>('print:receipt', { visitId, language: c.lang });
      expect(pdf.mime).toBe('application/pdf');
      expect(Buffer.from(pdf.base64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
      const text = pdfText(pdf.base64);
      expect(text).toContain(c.title);
      expect(text).toContain(c.kind);
      expect(text).toContain(c.total);
      expect(text).toContain('7.00 AZN');
      expect(text).toContain('Əliyev Rəşad');
      for (const o of ops) expect(text.replace(/\s+/g, '')).toContain(o.id.replace(/-/g, '-'));
    });
  }

  it('prints an application form for one operation, reprinted from the journal', async () => {
    const dup = ops.find((o) => o.kind === 'sim.duplicate')!;
    const text = pdfText((await desk.call<{ base64: string }>('print:form', { operationId: dup.id, language: 'en' })).base64);
    expect(text).toContain('Application form: SIM duplicate');
    expect(text).toContain(iccid('0000000002'));
    expect(text).toContain('Damaged');
  });
});

describe('IMEI registration form', () => {
  it('shows the notice code, IMEIs, payment type, amount and the 24-hour notice (az)', async () => {
    const imei = '356938035643809';
    const r = await desk.call<{ operation: Operation; noticeCode: string }>('imei:register', {
      visitId, fin: '5ABCDEF', documentSeries: 'AA', documentNumber: '1234567', imei, securityCode: '1111', msisdn: '+994501234567', devicePriceMinor: 150000, paymentType: 'card',
    });
    const text = pdfText((await desk.call<{ base64: string }>('print:form', { operationId: r.operation.id, language: 'az' })).base64);
    expect(text).toContain('Mobil cihazın (IMEI) qeydiyyatı');
    expect(text).toContain(r.noticeCode);
    expect(text).toContain(imei);
    expect(text).toContain('Ödəniş: Kart');
    expect(text).toContain('80.00 AZN');
    expect(text).toContain('24 saat');
  });
});

describe('KÖMİS registration sheet', () => {
  it('shows the subscriber code, the one-time password and the accounts (az), and the reprint omits the password (ru)', async () => {
    const r = await desk.call<{ subscriberCode: string; sheet: { base64: string }; operation: Operation }>('komis:register', {
      visitId, documentSeries: 'AA', documentNumber: '1234567', accounts: { azerenerji: 'EN-556677', bakielektrik: '88990011' }, language: 'az',
    });
    const text = pdfText(r.sheet.base64);
    expect(text).toContain('KÖMİS qeydiyyat vərəqəsi');
    expect(text).toContain(r.subscriberCode);
    expect(text).toContain('İlkin şifrə');
    expect(text).toContain('Bakıelektrikşəbəkə');
    expect(text).toContain('EN-556677');
    const password = /İlkin şifrə:\s*\n\s*(\S+)/.exec(text)?.[1];
    expect(password).toMatch(/^[A-Za-z2-9]{10}$/);
    const reprint = pdfText((await desk.call<{ base64: string }>('print:form', { operationId: r.operation.id, language: 'ru' })).base64);
    expect(reprint).toContain('Регистрационный лист KÖMİS');
    expect(reprint).toContain(r.subscriberCode);
    expect(reprint).not.toContain(password);
  });
});

describe('templates', () => {
  it('escape what comes from data', () => {
    expect(escapeHtml(`<script>alert("x")</script>&'`)).toBe('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;&#38;&#39;');
  });
});
