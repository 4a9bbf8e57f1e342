// The per-operation offline policy's verdicts (common/domain/offline-policy.ts) and its shipped reference data.
import { describe, expect, it } from 'vitest';
import { decideOffline, type CentralContact } from '../../common/domain/offline-policy';
import { defaultReferenceFiles, parseReferenceRows } from '../../common/domain/reference';
import { isOperationKind, operationSpec } from '../../common/operations';

const now = new Date('2026-12-01T12:00:00Z');
const contact = (c: Partial<CentralContact>): CentralContact => ({ enrolled: true, reachable: false, customerCheckedAt: null, ...c });

describe('offline policy', () => {
  it('allows a kind without a row, and every kind on a desk that was never enrolled', () => {
    expect(decideOffline(null, contact({}), now)).toMatchObject({ mode: 'allowed', allowed: true, refusal: null });
    expect(decideOffline({ mode: 'online-only', maxAgeHours: null }, contact({ enrolled: false }), now).allowed).toBe(true);
  });

  it('refuses an online-only kind while the server cannot be reached', () => {
    expect(decideOffline({ mode: 'online-only', maxAgeHours: null }, contact({ reachable: false }), now)).toMatchObject({ allowed: false, refusal: 'OFFLINE_REFUSED' });
    expect(decideOffline({ mode: 'online-only', maxAgeHours: null }, contact({ reachable: true }), now).allowed).toBe(true);
  });

  it('needs a central check of the customer no older than the row says (24 h when it says nothing)', () => {
    const rule = { mode: 'fresh-check' as const, maxAgeHours: 6 };
    expect(decideOffline(rule, contact({ customerCheckedAt: null }), now)).toMatchObject({ allowed: false, refusal: 'CENTRAL_CHECK_STALE', maxAgeHours: 6 });
    expect(decideOffline(rule, contact({ customerCheckedAt: '2026-12-01T06:00:00Z' }), now).allowed).toBe(true);
    expect(decideOffline(rule, contact({ customerCheckedAt: '2026-12-01T05:59:00Z' }), now)).toMatchObject({ allowed: false, checkedAt: '2026-12-01T05:59:00Z' });
    // Reachable is not enough: the check is about this customer.
    expect(decideOffline({ mode: 'fresh-check', maxAgeHours: null }, contact({ reachable: true, customerCheckedAt: '2026-11-30T11:00:00Z' }), now)).toMatchObject({ allowed: false, maxAgeHours: 24 });
  });

  it('ships rows for operation kinds only, never restricting a kind that only reduces risk', () => {
    const file = defaultReferenceFiles().find((f) => f.table === 'offline_policies')!;
    const { rows, errors } = parseReferenceRows('offline_policies', file.rows);
    expect(errors).toEqual({});
    expect(rows.map((r) => [r.code, r.mode, r.maxAgeHours])).toEqual([
      ['poa.create', 'allowed', null],
      ['sim.duplicate', 'fresh-check', 24],
      ['imei.register', 'allowed', null],
    ]);
    for (const r of rows) expect(isOperationKind(r.code) && operationSpec(r.code).offline).toBe('within-limits');
  });

  it('refuses a row whose code is not shaped like an operation kind', () => {
    const { errors } = parseReferenceRows('offline_policies', [{ code: 'SIM duplicate', validFrom: '2026-01-01', mode: 'allowed' }]);
    expect(errors).toEqual({ 'rows.0.code': 'OPERATION_KIND' });
  });
});
