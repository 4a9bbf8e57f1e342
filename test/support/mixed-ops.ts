/**
 * A desk's day as the server sees it, for the push bench and the scale-out tests: customers served one after the
 * other, each with the mix of kinds a walk-in desk pushes — a visit, a SIM sold and its certificate issued, a service
 * activated, an IMEI and a KÖMİS code registered, a POA registered and a service extended under it, then the SIM
 * duplicated (old SIM retired, its certificate flagged) and the certificate re-issued, and the visit closed.
 * Every SIM, number, IMEI, code and certificate is new, so every op applies; 7 of the 11 kinds change central state.
 */
import { examplePayload } from '../../common/operations';
import type { SyncOp } from '../../common/sync/protocol';
import { uuidv7 } from '../../common/ids';

export const OPS_PER_CUSTOMER = 11;

// Unique across the process (several desks' days in one database); a random start keeps two runs apart too.
let counter = Math.floor(Math.random() * 1e6) * 1000;
const digits = (n: number, width: number) => String(n % 10 ** width).padStart(width, '0');
const FIN_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const finOf = (n: number) => Array.from({ length: 7 }, (_, i) => FIN_LETTERS[Math.floor(n / FIN_LETTERS.length ** i) % FIN_LETTERS.length]).join('');

/** `count` ops from seq `firstSeq` on (whole customers; the last may be cut short). */
export function mixedOps(firstSeq: number, count: number, at: () => string = () => new Date().toISOString()): SyncOp[] {
  const ops: SyncOp[] = [];
  while (ops.length < count) ops.push(...customer(firstSeq + ops.length, at));
  return ops.slice(0, count);
}

function customer(firstSeq: number, at: () => string): SyncOp[] {
  const n = ++counter;
  const fin = finOf(n);
  const subject = `fin:${fin}`;
  const visitId = uuidv7();
  const msisdn = `+99455${digits(n, 7)}`;
  const oldIccid = `8999401${digits(n, 11)}1`;
  const newIccid = `8999401${digits(n, 11)}2`;
  const certificateId = uuidv7();
  const poaId = uuidv7();
  let seq = firstSeq;
  const op = (kind: string, fields: Record<string, unknown>): SyncOp => {
    const id = uuidv7();
    const envelope = kind.startsWith('visit.') ? {} : { operationId: id, visitId, fin };
    return { id, seq: seq++, kind, subject, createdAt: at(), payload: { ...examplePayload(kind, id), ...envelope, ...fields } };
  };
  const cert = { holderName: 'MAMMADOVA LEYLA', msisdn, validFrom: '2026-12-01', validTo: '2029-11-30' };
  return [
    op('visit.create', { visitId }),
    op('sim.sell', { msisdn, iccid: oldIccid }),
    op('cert.issue', { ...cert, certificateId, iccid: oldIccid }),
    op('service.activate', { msisdn }),
    op('imei.register', { imei: `35${digits(n, 13)}`, msisdn, noticeCode: `IM${digits(n, 14)}` }),
    op('komis.register', { subscriberCode: `5${digits(n, 9)}` }),
    op('poa.create', { poaId, principal: { kind: 'person', fin, name: 'Məmmədova Leyla' }, trusteeKey: `fin:T${fin.slice(1)}` }),
    op('service.extend', { msisdn, poaId }),
    op('sim.duplicate', { msisdn, oldIccid, newIccid }),
    op('cert.reissue', { ...cert, certificateId: uuidv7(), replaces: certificateId, iccid: newIccid }),
    op('visit.close', { visitId, closedAt: at() }),
  ];
}
