// A desk's realistic day for `masa load` (issue 9, item 9): customers served one after the other through the same IPC
// channels the forms call — a visit (chip check), an Asan İmza SIM sold and its certificate issued onto it, the service
// activated, a device's IMEI registered; every third customer also has a trustee register a POA for them and extend
// the service under it; the visit is closed. SIMs come from a synthetic reader that hands out a new valid ICCID at
// each read, so the SIM and certificate flows take the card path, not the typed-ICCID approval.
import { randomInt } from 'node:crypto';
import type { Services } from '../../electron/main/compose';
import type { SimIccidRead, SimIccidSource } from '../../electron/main/flows/ports';
import { luhnCheckDigit } from '../../common/domain/checksums';
import { localIsoDate } from '../../common/domain/dates';
import { syntheticIdentity } from './load';
import { syntheticChipRead } from './synthetic-chip';

/** A SIM reader whose card changes at every read: a new Azercell ICCID each time, or the one set with `hold`. */
export class SyntheticSimReader implements SimIccidSource {
  private held: string | null = null;
  next(): string {
    const body = `8999401${String(randomInt(100_000_000_000)).padStart(11, '0')}`;
    return body + String(luhnCheckDigit(body));
  }
  /** Keeps `iccid` in the reader for the next reads (a certificate issued onto the SIM just sold). */
  hold(iccid: string | null): void {
    this.held = iccid;
  }
  async readIccid(): Promise<SimIccidRead> {
    return { iccid: this.held ?? this.next(), luhnValid: true, operator: 'Azercell' };
  }
}

function syntheticImei(): string {
  const body = `35${String(randomInt(1_000_000_000_000)).padStart(12, '0')}`;
  return body + String(luhnCheckDigit(body));
}

export interface MixResult {
  /** Operations recorded (visits and their closing count: they are synced too). */
  ops: number;
  /** Customers with at least one operation recorded, by FIN. */
  fins: string[];
  kinds: Record<string, number>;
}

/** Records `count` operations as customers' visits, stopping when `count` is reached (the last visit may be cut short). */
export async function recordSyntheticMix(services: Services, sims: SyntheticSimReader, count: number): Promise<MixResult> {
  const result: MixResult = { ops: 0, fins: [], kinds: {} };
  // Operations are recorded only inside the clerk's open shift (issue 12): open one (float 0) as a clerk would.
  if (!services.flows.shifts.current()) services.flows.shifts.open({ openingFloatMinor: 0 });
  const call = async (channel: string, input: unknown): Promise<Record<string, unknown>> => {
    const r = (await services.dispatch(channel, input, { origin: 'in-process' })) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
    if (!r.ok) throw new Error(`${channel}: ${r.error?.code} ${r.error?.message}`);
    return r.value as Record<string, unknown>;
  };
  const counted = async (kind: string, channel: string, input: unknown) => {
    if (result.ops >= count) return null;
    const v = await call(channel, input);
    result.ops++;
    result.kinds[kind] = (result.kinds[kind] ?? 0) + 1;
    return v;
  };
  // A visit with fees is paid once before it closes (issue 12: an unpaid visit does not close), cash or card.
  const payAndClose = async (visitId: unknown) => {
    const bill = (await call('payments:bill', { visitId })) as { totals: { due: number } };
    if (bill.totals.due > 0 && !(await counted('visit.pay', 'payments:pay', { visitId, method: randomInt(2) ? 'cash' : 'card' }))) return;
    await counted('visit.close', 'visits:close', { id: visitId });
  };
  const read = async () => String((await call('sim:readIccid', {})).readId);
  // A synthetic chip read kept in main for the visit (in-process: no IPC channel takes a read from outside).
  const chip = (identity: Record<string, unknown>) => ({
    identityMethod: 'chip',
    chipReadId: services.chipReads.keep(services.auth.requireClerk().id, undefined, syntheticChipRead(identity, services.clock.now())).readId,
  });
  for (let n = 0; result.ops < count; n++) {
    const identity = syntheticIdentity();
    const fin = String(identity.fin);
    const visit = await counted('visit.create', 'visits:create', chip(identity));
    if (!visit) break;
    result.fins.push(fin);
    const visitId = String(visit.id);
    const msisdn = `+99450${String(randomInt(10_000_000)).padStart(7, '0')}`;
    const iccid = sims.next();
    sims.hold(iccid);
    try {
      await counted('sim.sell', 'sim:sell', { visitId, msisdn, tariff: 'ferdi', sim: { readId: await read() } });
      await counted('cert.issue', 'cert:issue', { visitId, certType: 'ferdi', holder: 'self', msisdn, sim: { readId: await read() } });
    } finally {
      sims.hold(null);
    }
    await counted('service.activate', 'service:activate', { visitId, msisdn, certType: 'ferdi', months: 12 });
    const doc = String(identity.documentNumber);
    await counted('imei.register', 'imei:register', {
      visitId, fin, documentSeries: doc.slice(0, 2), documentNumber: doc.slice(2), imei: syntheticImei(), securityCode: String(randomInt(100_000, 1_000_000)),
      msisdn, devicePriceMinor: 20_000 + randomInt(200_000), paymentType: randomInt(2) ? 'cash' : 'card',
    });
    if (n % 3 === 2) {
      // A trustee registers a POA for this customer on a visit of their own, then extends the service under it.
      const trustee = syntheticIdentity();
      const tv = await counted('visit.create', 'visits:create', chip(trustee));
      if (tv) {
        result.fins.push(String(trustee.fin));
        const today = localIsoDate(services.clock.now());
        const poa = await counted('poa.create', 'poa:create', {
          visitId: tv.id, principal: { kind: 'person', fin, name: `${identity.surname} ${identity.givenName}` }, trustee: { fin: trustee.fin },
          notaryRegistryNumber: `N-${randomInt(1_000_000)}`, notaryDate: today, validFrom: today, validTo: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`, scope: ['service.extend', 'sim.sell'],
        });
        const poaId = (poa?.poa as { id?: string } | undefined)?.id;
        if (poaId) await counted('service.extend', 'service:extend', { visitId: tv.id, actingFor: { poaId }, msisdn, months: 6 });
        await payAndClose(tv.id);
      }
    }
    await payAndClose(visitId);
  }
  result.fins = [...new Set(result.fins)];
  return result;
}
