// Payments, voids and refunds at the desk (issue 12, deliver 1): a visit paid once by card, a same-day void with a
// supervisor's approval that refunds the paid line by card and undoes the SIM duplicate on the desk, the receipt's and
// the refund slip's text (pdftotext), the waived fee with its reason, the visit that cannot close unpaid, and the void
// refused the next day; a voided certificate issue unbinds the SIM only when the issue itself bound it. The records
// queued for the server pass its schemas.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOWS, citizen, failure, iccid, withDeskPerTest, type TestDesk } from '../support/desk';
import { poaInput } from '../support/poa';
import type { Certificate, PowerOfAttorney } from '../../common/ipc/channels/flows';
import { ErrorCode } from '../../common/errors';
import type { Operation } from '../../common/ipc/channels/flows';
import type { VisitBill } from '../../common/ipc/channels/payments';
import type { Visit } from '../../common/ipc/channels/visits';
import { syncPayloadSchemas } from '../../common/operations';
import { formatAzn } from '../../common/domain/reference';
import { listOutbox } from '../../electron/main/db/queries/outbox';
import { findSim } from '../../electron/main/db/queries/sim';
import { cashTakenByClerk, takingsByMethod } from '../../electron/main/db/queries/payments';
import { findCertificate, insertCertificate } from '../../electron/main/db/queries/certificates';
import { withTx } from '../../electron/main/db/database';
import { uuidv7 } from '../../common/ids';

let desk: TestDesk;
withDeskPerTest(FLOWS, (d) => (desk = d));

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'masa-payments-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function pdfText(base64: string): string {
  const file = join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

function queued(kind: string): Record<string, unknown>[] {
  return listOutbox(desk.services.db, 'all', 200)
    .filter((r) => r.kind === kind)
    .map((r) => JSON.parse(r.payload_json) as Record<string, unknown>);
}

const MSISDN = '+994551110001';
const OLD = iccid('4400000001');
const NEW = iccid('4400000002');

/** A visit with a SIM sale and a SIM duplicate of that SIM: two chargeable lines. */
async function saleAndDuplicate(): Promise<{ visitId: string; sale: Operation; dup: Operation }> {
  const visit = await desk.newVisit();
  const sale = (await desk.call<{ operation: Operation }>('sim:sell', { visitId: visit.id, msisdn: MSISDN, tariff: 'ferdi', sim: { readId: await desk.readSim(OLD) } })).operation;
  const dup = (
    await desk.call<{ operation: Operation }>('sim:duplicate', { visitId: visit.id, msisdn: MSISDN, reason: 'damaged', oldIccid: OLD, newSim: { readId: await desk.readSim(NEW) } })
  ).operation;
  return { visitId: visit.id, sale, dup };
}

describe('taking the payment of a visit', () => {
  it('is paid once by card for every unpaid line; the visit closes only when paid; the payment is queued for the server', async () => {
    const { visitId, sale, dup } = await saleAndDuplicate();
    expect(sale.feeMinor).toBeGreaterThan(0);
    expect(dup.feeMinor).toBeGreaterThan(0);
    const before = await desk.call<VisitBill>('payments:bill', { visitId });
    expect(before.unpaid.map((l) => [l.operationId, l.amountMinor])).toEqual([
      [sale.id, sale.feeMinor],
      [dup.id, dup.feeMinor],
    ]);
    expect(before.totals).toEqual({ due: sale.feeMinor + dup.feeMinor, paid: 0, refunded: 0, net: 0 });

    const unpaid = await failure(desk, 'visits:close', { id: visitId });
    expect(unpaid.code).toBe('VISIT_UNPAID');
    expect(unpaid.details).toMatchObject({ dueMinor: sale.feeMinor + dup.feeMinor, due: formatAzn(sale.feeMinor + dup.feeMinor) });

    const paid = await desk.call<VisitBill>('payments:pay', { visitId, method: 'card' });
    expect(paid.unpaid).toEqual([]);
    expect(paid.totals).toEqual({ due: 0, paid: sale.feeMinor + dup.feeMinor, refunded: 0, net: sale.feeMinor + dup.feeMinor });
    expect(paid.lines.map((l) => l.paidBy?.method)).toEqual(['card', 'card']);
    // Paid once: a second payment has nothing to take.
    expect((await failure(desk, 'payments:pay', { visitId, method: 'cash' })).code).toBe('NOTHING_TO_PAY');

    const [pay] = queued('visit.pay');
    expect(pay).toMatchObject({ visitId, method: 'card', freeReason: null, amountMinor: sale.feeMinor + dup.feeMinor });
    expect(pay.lines).toEqual([
      { operationId: sale.id, kind: 'sim.sell', amountMinor: sale.feeMinor },
      { operationId: dup.id, kind: 'sim.duplicate', amountMinor: dup.feeMinor },
    ]);
    expect(syncPayloadSchemas['visit.pay'].safeParse(pay).success).toBe(true);
    // Card money is not cash in the till.
    const clerkId = String(pay.clerkId);
    expect(cashTakenByClerk(desk.services.db, clerkId, '2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z')).toBe(0);
    expect(takingsByMethod(desk.services.db, clerkId, '2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z')).toEqual([{ method: 'card', amountMinor: sale.feeMinor + dup.feeMinor, count: 1 }]);

    expect(await desk.call<Visit>('visits:close', { id: visitId })).toMatchObject({ status: 'completed' });
  });

  it('a waived fee needs a reason from the free_reasons table; it takes no money', async () => {
    const visit = await desk.newVisit();
    const sale = (await desk.call<{ operation: Operation }>('sim:sell', { visitId: visit.id, msisdn: MSISDN, tariff: 'ferdi', sim: { readId: await desk.readSim(OLD) } })).operation;
    const reasons = await desk.call<{ code: string; labels: Record<string, string> }[]>('payments:freeReasons');
    expect(reasons.find((r) => r.code === 'veteran')?.labels).toEqual({ az: 'Müharibə veteranı', en: 'War veteran', ru: 'Ветеран войны' });
    expect((await failure(desk, 'payments:pay', { visitId: visit.id, method: 'free' })).code).toBe('FREE_REASON_REQUIRED');
    expect((await failure(desk, 'payments:pay', { visitId: visit.id, method: 'free', freeReason: 'made-up' })).code).toBe('FREE_REASON_REQUIRED');
    const bill = await desk.call<VisitBill>('payments:pay', { visitId: visit.id, method: 'free', freeReason: 'veteran' });
    expect(bill.payments).toMatchObject([{ kind: 'payment', method: 'free', freeReason: 'veteran', amountMinor: 0, lines: [{ operationId: sale.id, amountMinor: sale.feeMinor }] }]);
    expect(bill.totals).toEqual({ due: 0, paid: 0, refunded: 0, net: 0 });
    const text = pdfText((await desk.call<{ base64: string }>('print:receipt', { visitId: visit.id, language: 'en' })).base64);
    expect(text).toMatch(/Paid by\s+Free \(fee waived\) — War veteran/);
  });

  it('cash is the till’s: cashTakenByClerk sums cash payments less cash refunds', async () => {
    const { visitId, sale, dup } = await saleAndDuplicate();
    const bill = await desk.call<VisitBill>('payments:pay', { visitId, method: 'cash' });
    expect(bill.totals.paid).toBe(sale.feeMinor + dup.feeMinor);
    const clerkId = String(queued('visit.pay')[0].clerkId);
    const day = ['2026-06-01T00:00:00Z', '2026-06-02T00:00:00Z'] as const;
    expect(cashTakenByClerk(desk.services.db, clerkId, ...day)).toBe(sale.feeMinor + dup.feeMinor);
    await desk.call('payments:void', { operationId: dup.id, approvalId: await desk.approve('operation.void', 'wrong SIM'), reason: 'wrong SIM' });
    expect(cashTakenByClerk(desk.services.db, clerkId, ...day)).toBe(sale.feeMinor);
  });
});

describe('voiding an operation', () => {
  it('a paid SIM duplicate voided with approval: refunded by card, the old SIM is the number’s again, synced as op.void; receipt and refund slip say so', async () => {
    // A certificate lives on the old SIM: the duplicate flags it for re-issue, the void makes it stand again.
    const certificateId = uuidv7();
    withTx(desk.services.db, (tx) =>
      insertCertificate(tx, {
        id: certificateId, subject: 'fin:5ZX8K2P', holder_name: 'MAMMADOVA LEYLA', type: 'ferdi', msisdn: MSISDN, iccid: OLD, valid_from: '2026-01-10', valid_to: '2029-01-09',
        status: 'active', issued_at: '2026-01-10T09:00:00.000Z', operation_id: uuidv7(), replaces_id: null,
      }),
    );
    const { visitId, sale, dup } = await saleAndDuplicate();
    expect(findSim(desk.services.db, OLD)?.status).toBe('retired');
    expect(findCertificate(desk.services.db, certificateId)?.status).toBe('needs-reissue');
    await desk.call('payments:pay', { visitId, method: 'card' });

    // Without a supervisor's approval: refused, nothing changes.
    expect((await failure(desk, 'payments:void', { operationId: dup.id, approvalId: 'none', reason: 'x' })).code).toBe(ErrorCode.ApprovalRequired);
    const approvalId = await desk.approve('operation.void', 'customer changed mind');
    const bill = await desk.call<VisitBill>('payments:void', { operationId: dup.id, approvalId, reason: 'customer changed mind' });

    const line = bill.lines.find((l) => l.operationId === dup.id)!;
    expect(line.voided).toMatchObject({ reason: 'customer changed mind' });
    expect(bill.payments.filter((p) => p.kind === 'refund')).toMatchObject([{ method: 'card', amountMinor: -dup.feeMinor, lines: [{ operationId: dup.id, amountMinor: -dup.feeMinor }] }]);
    expect(bill.totals).toEqual({ due: 0, paid: sale.feeMinor + dup.feeMinor, refunded: dup.feeMinor, net: sale.feeMinor });
    // Undone on the desk: the old SIM is active on the number again, the new one is not bound.
    expect(findSim(desk.services.db, OLD)).toMatchObject({ status: 'active', msisdn: MSISDN });
    expect(findSim(desk.services.db, NEW)).toBeNull();
    expect(findCertificate(desk.services.db, certificateId)?.status).toBe('active');
    // The journal says the visit has a voided operation; the customer's record (this desk's journal) marks it voided.
    expect((await desk.call<Visit>('visits:get', { id: visitId })).voided).toBe(1);
    const summary = await desk.call<{ sims: { iccid: string; state: string }[] }>('customers:summary', { key: dup.subject });
    expect(summary.sims.map((s) => [s.iccid, s.state])).toEqual([[OLD, 'bound']]);
    // A void is once.
    expect((await failure(desk, 'payments:void', { operationId: dup.id, approvalId: await desk.approve('operation.void'), reason: '' })).code).toBe('ALREADY_VOIDED');

    const [v] = queued('op.void');
    expect(v).toMatchObject({
      operationId: dup.id, kind: 'sim.duplicate', visitId,
      refund: { method: 'card', amountMinor: -dup.feeMinor },
      undo: { kind: 'sim.duplicate', msisdn: MSISDN, newIccid: NEW, oldIccid: OLD },
      approval: { action: 'operation.void', reason: 'customer changed mind' },
    });
    expect(syncPayloadSchemas['op.void'].safeParse(v).success).toBe(true);

    const receipt = pdfText((await desk.call<{ base64: string }>('print:receipt', { visitId, language: 'en' })).base64);
    expect(receipt).toMatch(/SIM duplicate — VOIDED/);
    expect(receipt).toMatch(new RegExp(`Refund: SIM duplicate\\s+Card\\s+−${(dup.feeMinor / 100).toFixed(2)} AZN`));
    expect(receipt).toMatch(new RegExp(`Total\\s+${formatAzn(sale.feeMinor).replace('.', '\\.')}`));
    expect(receipt).toMatch(/Paid by\s+Card\n/);
    expect(receipt).not.toContain('NOT PAID');

    const slip = pdfText((await desk.call<{ base64: string }>('print:refundSlip', { operationId: dup.id, language: 'ru' })).base64);
    expect(slip).toContain('Квитанция о возврате');
    expect(slip).toMatch(new RegExp(`Возвращено\\s+Карта · ${formatAzn(dup.feeMinor).replace('.', '\\.')}`));
  });

  it('an unpaid voided line is simply not due; the receipt of an unpaid visit says it is not a receipt of payment', async () => {
    const { visitId, sale, dup } = await saleAndDuplicate();
    const unpaidText = pdfText((await desk.call<{ base64: string }>('print:receipt', { visitId, language: 'az' })).base64);
    expect(unpaidText).toContain(`ÖDƏNİLMƏYİB: ${formatAzn(sale.feeMinor + dup.feeMinor)} ödənilməlidir`);
    const bill = await desk.call<VisitBill>('payments:void', { operationId: dup.id, approvalId: await desk.approve('operation.void'), reason: 'typo' });
    expect(bill.payments).toEqual([]);
    expect(bill.unpaid.map((l) => l.operationId)).toEqual([sale.id]);
    expect(queued('op.void')[0].refund).toBeNull();
  });

  it('a POA is voided (revoked) only while nothing was done under it; a revocation cannot be voided', async () => {
    const visit = await desk.newVisit(citizen({ fin: '7XYZ123', documentNumber: 'AA7654321', surname: 'Məmmədova', givenName: 'Aysel' }));
    const used = await desk.call<{ poa: PowerOfAttorney; operation: Operation }>('poa:create', poaInput({ visitId: visit.id }));
    await desk.call('cert:issue', { visitId: visit.id, actingFor: { poaId: used.poa.id }, certType: 'ferdi', holder: 'trustee', msisdn: MSISDN, sim: { readId: await desk.readSim(OLD) } });
    const refused = await failure(desk, 'payments:void', { operationId: used.operation.id, approvalId: await desk.approve('operation.void'), reason: 'x' });
    expect(refused.code).toBe('VOID_USED_SINCE');

    const unused = await desk.call<{ poa: PowerOfAttorney; operation: Operation }>('poa:create', poaInput({ visitId: visit.id }));
    await desk.call('payments:void', { operationId: unused.operation.id, approvalId: await desk.approve('operation.void'), reason: 'wrong principal' });
    expect((await desk.call<PowerOfAttorney>('poa:get', { id: unused.poa.id })).status).toBe('revoked');
    expect(queued('op.void').map((v) => v.undo)).toEqual([{ kind: 'poa.create', poaId: unused.poa.id }]);

    const revoke = await desk.call<{ operation: Operation }>('poa:revoke', { visitId: visit.id, poaId: used.poa.id, reason: 'trustee lost it' });
    expect((await failure(desk, 'payments:void', { operationId: revoke.operation.id, approvalId: await desk.approve('operation.void'), reason: 'x' })).code).toBe('VOID_NOT_REVERSIBLE');
  });

  it('a voided certificate issue onto a SIM the desk did not know: the certificate revoked and the SIM no longer bound', async () => {
    const visit = await desk.newVisit();
    const issued = await desk.call<{ operation: Operation; certificate: Certificate }>('cert:issue', {
      visitId: visit.id, certType: 'ferdi', holder: 'self', msisdn: MSISDN, sim: { readId: await desk.readSim(OLD) },
    });
    // The issue bound the SIM here, and says so.
    expect(findSim(desk.services.db, OLD)).toMatchObject({ status: 'active', msisdn: MSISDN, bound_by_op: issued.operation.id });
    await desk.call('payments:void', { operationId: issued.operation.id, approvalId: await desk.approve('operation.void'), reason: 'wrong person' });
    expect(findCertificate(desk.services.db, issued.certificate.id)?.status).toBe('revoked');
    expect(findSim(desk.services.db, OLD)).toBeNull();
    const [v] = queued('op.void');
    expect(v.undo).toEqual({ kind: 'cert.issue', certificateId: issued.certificate.id, iccid: OLD, msisdn: MSISDN });
    expect(syncPayloadSchemas['op.void'].safeParse(v).success).toBe(true);
    // The SIM can carry a certificate again: the next issue binds it anew.
    await desk.call('cert:issue', { visitId: visit.id, certType: 'ferdi', holder: 'self', msisdn: MSISDN, sim: { readId: await desk.readSim(OLD) } });
    expect(findSim(desk.services.db, OLD)).toMatchObject({ status: 'active', msisdn: MSISDN });
  });

  it('a voided certificate issue onto a SIM sold before leaves the SIM bound', async () => {
    const visit = await desk.newVisit();
    await desk.call('sim:sell', { visitId: visit.id, msisdn: MSISDN, tariff: 'ferdi', sim: { readId: await desk.readSim(OLD) } });
    const issued = await desk.call<{ operation: Operation; certificate: Certificate }>('cert:issue', {
      visitId: visit.id, certType: 'ferdi', holder: 'self', msisdn: MSISDN, sim: { readId: await desk.readSim(OLD) },
    });
    await desk.call('payments:void', { operationId: issued.operation.id, approvalId: await desk.approve('operation.void'), reason: 'wrong type' });
    expect(findCertificate(desk.services.db, issued.certificate.id)?.status).toBe('revoked');
    expect(findSim(desk.services.db, OLD)).toMatchObject({ status: 'active', msisdn: MSISDN });
    const [v] = queued('op.void');
    // The server decides on its own binding (kept: the sale bound it there too).
    expect(v.undo).toEqual({ kind: 'cert.issue', certificateId: issued.certificate.id, iccid: OLD, msisdn: MSISDN });
    expect(syncPayloadSchemas['op.void'].safeParse(v).success).toBe(true);
    const summary = await desk.call<{ sims: { iccid: string; state: string }[] }>('customers:summary', { key: issued.operation.subject });
    expect(summary.sims.map((s) => [s.iccid, s.state])).toEqual([[OLD, 'bound']]);
  });

  it('the next day a void is refused with a sentence, and the approval is not spent', async () => {
    const { dup } = await saleAndDuplicate();
    const approvalId = await desk.approve('operation.void');
    desk.clock.set('2026-06-02T07:00:00Z');
    const e = await failure(desk, 'payments:void', { operationId: dup.id, approvalId, reason: 'late' });
    expect(e).toMatchObject({ code: 'VOID_NOT_SAME_DAY', details: { date: '2026-06-01' } });
    expect(queued('op.void')).toEqual([]);
  });
});

describe('an IMEI registration whose form said cash, paid by card at the payment step', () => {
  it('prints how it was paid on the receipt and the form (the form’s preselection is not the payment)', async () => {
    const visit = await desk.newVisit();
    const r = await desk.call<{ operation: Operation }>('imei:register', {
      visitId: visit.id, fin: '5ABCDEF', documentSeries: 'AA', documentNumber: '1234567', securityCode: '7781', msisdn: '+994501234567',
      paymentType: 'cash', imei: '356938035643809', devicePriceMinor: 45000,
    });
    await desk.call('payments:pay', { visitId: visit.id, method: 'card' });
    const receipt = pdfText((await desk.call<{ base64: string }>('print:receipt', { visitId: visit.id, language: 'en' })).base64);
    const form = pdfText((await desk.call<{ base64: string }>('print:form', { operationId: r.operation.id, language: 'en' })).base64);
    expect(receipt).toMatch(/Payment: Card\n/);
    expect(receipt).toMatch(/Paid by\s+Card\n/);
    expect(receipt).not.toContain('Payment: Cash');
    expect(form).toMatch(/Payment: Card\n/);
    expect(form).not.toContain('Payment: Cash');
  });
});
