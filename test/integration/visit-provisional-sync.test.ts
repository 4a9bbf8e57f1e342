// Provisional → final (issue 9, item 5) against a real sync server (PGlite): an operation is provisional until the
// server acknowledges it; then the visit, the journal and a reprint (marked "Copy") say final; an operation the
// server answers with a conflict shows as a conflict on the visit and in the journal. Visit closes sync too.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { desksWithServer } from '../support/server-suites';
import type { TestDesk } from '../support/desk';
import type { Visit } from '../../common/ipc/channels/visits';
import type { Operation } from '../../common/ipc/channels/flows';

// An operator office: its desks register IMEIs (an ASXM desk does not, DOMAIN.md §7).
const OFFICE = 'Bakcell provisional';
let tmp: string;
const net = desksWithServer([{ name: OFFICE, type: 'operator' }]);
const enrolledDesk = (name: string) => net.desk(name, OFFICE);

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'masa-provisional-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function pdfText(base64: string): string {
  const file = join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

const registerImei = (d: TestDesk, visitId: string, imei: string) =>
  d.call<{ operation: Operation }>('imei:register', {
    visitId, fin: '5ABCDEF', documentSeries: 'AA', documentNumber: '1234567', imei, securityCode: '1111', msisdn: '+994501234567', devicePriceMinor: 150000, paymentType: 'card',
  });

describe('provisional → final', () => {
  it('is provisional before sync, final after; a reprint then says final and "Copy"; the close reaches the server', async () => {
    const d = await enrolledDesk('prov-1');
    const v = await d.newVisit();
    const { operation } = await registerImei(d, v.id, '356938035643809');
    expect((await d.call<Operation[]>('visits:operations', { visitId: v.id }))[0].sync).toBe('provisional');
    const first = pdfText((await d.call<{ base64: string }>('print:receipt', { visitId: v.id, language: 'en' })).base64);
    expect(first).toContain('Provisional: not yet confirmed by the central office');
    expect(first).not.toContain('Copy');

    await d.call('sync:now');
    expect((await d.call<Operation[]>('visits:operations', { visitId: v.id }))[0]).toMatchObject({ id: operation.id, sync: 'final' });
    const journal = (await d.call<Visit[]>('visits:today')).find((x) => x.id === v.id)!;
    expect(journal.sync).toEqual({ provisional: 0, final: 1, conflict: 0 });

    for (const [language, copy, final] of [
      ['en', 'Receipt — Copy', 'Final: confirmed by the central office'],
      ['az', 'Qəbz — Surət', 'Yekun: mərkəzi ofis təsdiqləyib'],
      ['ru', 'Квитанция — Копия', 'Окончательно: подтверждено центральным офисом'],
    ] as const) {
      const text = pdfText((await d.call<{ base64: string }>('print:receipt', { visitId: v.id, language })).base64);
      expect(text).toContain(copy);
      expect(text).toContain(final);
      expect(text).not.toContain('Provisional');
    }

    await d.call('payments:pay', { visitId: v.id, method: 'cash' });
    await d.call('visits:close', { id: v.id, reason: 'receipt' });
    await d.call('sync:now');
    const kinds = await net.server().db.query<{ kind: string; status: string }>(`SELECT kind, status FROM ops WHERE kind LIKE 'visit.%' ORDER BY seq`);
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(['visit.create', 'visit.close']));
  }, 60_000);

  it('an operation the server answers with a conflict shows as a conflict on the visit and in the journal', async () => {
    const a = await enrolledDesk('prov-a');
    const b = await enrolledDesk('prov-b');
    const imei = '490154203237518';
    // Both desks record the same IMEI before either syncs (offline, each desk's own check passes).
    const va = await a.newVisit();
    await registerImei(a, va.id, imei);
    const vb = await b.newVisit();
    await registerImei(b, vb.id, imei);
    await a.call('sync:now');
    await b.call('sync:now');
    const ops = await b.call<Operation[]>('visits:operations', { visitId: vb.id });
    expect(ops[0].sync).toBe('conflict');
    expect((await b.call<Visit[]>('visits:today')).find((x) => x.id === vb.id)!.sync).toEqual({ provisional: 0, final: 0, conflict: 1 });
    const text = pdfText((await b.call<{ base64: string }>('print:receipt', { visitId: vb.id, language: 'en' })).base64);
    expect(text).not.toContain('Final');
    expect((await a.call<Operation[]>('visits:operations', { visitId: va.id }))[0].sync).toBe('final');
    // The conflict reaches the clerk who did it (and the supervisors) through the status bar's snapshot.
    expect(b.services.status.current().sync.conflicts).toEqual({ total: 1, byClerk: { [ops[0].clerkId]: 1 } });
    expect(a.services.status.current().sync.conflicts).toEqual({ total: 0, byClerk: {} });
  }, 60_000);
});
