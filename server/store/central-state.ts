/**
 * The central state one pushed batch reads and writes, held in memory for the batch's transaction (issue 9, item 8).
 *
 * Before the batch's ops are evaluated, every key they name (ICCIDs, numbers, POAs, IMEIs, KÖMİS codes, certificates)
 * is locked and loaded in a few statements (central-sql.ts `loadCentralState`). The rules then read and change this
 * state op by op in seq order, so an op sees what the batch's earlier ops did (op 3 binds an ICCID: op 7 binding it
 * for someone else is a conflict) exactly as if each op had had a transaction of its own. What the ops change is
 * collected here, last write per key, and written in bulk at the end (`writeCentralState`).
 *
 * Reading a key the batch did not declare throws: a rule that forgot a key in its `needs` would otherwise read
 * "nothing there" and decide wrongly.
 */
import { randomUUID } from 'node:crypto';
import type { SyncConflict, SyncOp } from '../../common/sync/protocol';
import type { RowWrite } from './changes';
import type { CentralCertificate } from './projections';

/** The central keys a rule reads or writes for one op: locked and loaded before the batch is evaluated. */
export interface Needs {
  iccids?: readonly string[];
  /** Numbers whose every bound SIM the rule looks at. */
  msisdns?: readonly string[];
  poaIds?: readonly string[];
  imeis?: readonly string[];
  komisCodes?: readonly string[];
  certificateIds?: readonly string[];
  /** Numbers whose every certificate the rule looks at. */
  certificateMsisdns?: readonly string[];
  /** Companies (VÖEN) whose every Biznes certificate the rule looks at. */
  certificateVoens?: readonly string[];
  /** Stock items ('sim:<iccid>', 'token:<serial>') whose issue the rule checks (server/store/stock.ts). */
  stockItems?: readonly string[];
}

export interface Binding {
  iccid: string;
  subscriber: string;
  msisdn: string | null;
  officeId: string | null;
  boundAt: string;
  /** The op that bound the SIM to its subscriber (null: bound before ops were recorded, or by hand). A voided
   * certificate issue unbinds the SIM only when this is the issue's own op (voids.ts). */
  opId: string | null;
}

export interface Revocation {
  /** Microseconds since the epoch: PostgreSQL keeps them, and "revoked before the op" must compare as it does. */
  revokedAtUs: number;
  reason: string | null;
}

/** A `certificates` row: the columns as first inserted, status and row as last written. */
export interface StoredCertificate {
  id: string;
  officeId: string | null;
  subject: string;
  msisdn: string;
  iccid: string;
  /** The company a Biznes certificate is for. */
  voen: string | null;
  status: CentralCertificate['status'];
  opId: string;
  row: CentralCertificate;
}

export interface PoaInsert {
  poaId: string;
  officeId: string;
  principalKey: string;
  trusteeKey: string;
  opId: string;
  row: Record<string, unknown>;
}
export interface Registration {
  key: string;
  opId: string;
  subject: string;
  officeId: string;
  noticeCode?: string;
}

/** A shift's central row as the batch's shift.open and shift.close records make it (one upsert per shift). */
export interface ShiftWrite {
  shiftId: string;
  officeId: string;
  deskId: string;
  clerkId: string;
  openedAt: string;
  openingFloatMinor: number;
  openOpId: string | null;
  close: Record<string, unknown> | null;
}

/** Where a stock item was issued (server/store/stock.ts); null in CentralState.stock: not issued yet. */
export interface StockIssue {
  itemType: string;
  code: string;
  officeId: string;
  deskId: string;
  opId: string;
  operationId: string | null;
  issuedAt: string;
}

/** A received, damaged or returned movement of an office's items (written in op order). */
export interface StockMoveWrite {
  officeId: string;
  opId: string;
  movement: 'received' | 'damaged' | 'returned';
  itemType: string;
  codes: string[];
  at: string;
}

export const microsOf = (iso: string): number => Date.parse(iso) * 1000;
export const isoOfMicros = (us: number): string => new Date(Math.floor(us / 1000)).toISOString();

function known<V>(m: Map<string, V>, key: string, what: string): V {
  if (!m.has(key)) throw new Error(`push: ${what} ${key} read but not named in the rule's needs`);
  return m.get(key) as V;
}

export class CentralState {
  // As loaded, kept current by the batch's own writes. null: known to be absent.
  readonly bindings = new Map<string, Binding | null>();
  readonly retired = new Map<string, string | null>();
  readonly numbers = new Set<string>();
  readonly revocations = new Map<string, Revocation | null>();
  readonly imeis = new Map<string, string | null>();
  readonly komisCodes = new Map<string, boolean>();
  readonly certificates = new Map<string, StoredCertificate | null>();
  readonly certificateNumbers = new Set<string>();
  readonly certificateCompanies = new Set<string>();
  /** Issued stock items by 'type:code' (server/store/stock.ts). */
  readonly stock = new Map<string, StockIssue | null>();

  /** What the batch wrote, flushed in bulk after its op rows (last write per key; null = delete). */
  readonly out = {
    bindings: new Map<string, (Binding & { deskId: string }) | null>(),
    retired: new Map<string, { retiredAt: string; opId: string }>(),
    /** Retirements undone by a voided SIM duplicate (server/store/voids.ts). */
    unretired: new Set<string>(),
    /** IMEI registrations undone by a void. */
    imeisRemoved: new Set<string>(),
    revocations: new Map<string, { revokedAt: string; reason: string | null }>(),
    poas: new Map<string, PoaInsert>(),
    certificates: new Set<string>(),
    imeis: [] as Registration[],
    komis: [] as Registration[],
    conflicts: [] as SyncConflict[],
    rows: new Map<string, RowWrite>(),
    /** Shifts opened and closed (shift.open / shift.close), merged per shift: server/store/shifts.ts writes them. */
    shifts: new Map<string, ShiftWrite>(),
    /** Stock movements and issues (stock.move): server/store/stock.ts writes them. */
    stockMoves: [] as StockMoveWrite[],
    stockIssues: new Map<string, StockIssue>(),
    /** SIMs a voided sale or duplicate put back on the shelf, by 'sim:<iccid>' (server/store/stock.ts restockVoided). */
    stockRestores: new Map<string, { itemType: string; code: string; operationId: string; at: string }>(),
  };

  /** `now` is the transaction's now(): what bound_at and created_at get in the database. */
  constructor(readonly now: string) {}

  binding(iccid: string): Binding | null {
    return known(this.bindings, iccid, 'ICCID');
  }
  retiredAt(iccid: string): string | null {
    return known(this.retired, iccid, 'retired ICCID');
  }
  /** Every SIM bound to the number. */
  bindingsOnNumber(msisdn: string): Binding[] {
    if (!this.numbers.has(msisdn)) throw new Error(`push: number ${msisdn} read but not named in the rule's needs`);
    return [...this.bindings.values()].filter((b): b is Binding => b?.msisdn === msisdn);
  }
  revocation(poaId: string): Revocation | null {
    return known(this.revocations, poaId, 'POA');
  }
  /** The notice code of the IMEI's registration, or null. */
  imeiRegistration(imei: string): string | null {
    return known(this.imeis, imei, 'IMEI');
  }
  komisCodeTaken(code: string): boolean {
    return known(this.komisCodes, code, 'KÖMİS code');
  }
  certificate(id: string): StoredCertificate | null {
    return known(this.certificates, id, 'certificate');
  }
  certificatesOnNumber(msisdn: string): StoredCertificate[] {
    if (!this.certificateNumbers.has(msisdn)) throw new Error(`push: certificates of ${msisdn} read but not named in the rule's needs`);
    return [...this.certificates.values()].filter((c): c is StoredCertificate => c?.msisdn === msisdn);
  }
  /** Every certificate issued for the company (Biznes), on any number. */
  certificatesOfCompany(voen: string): StoredCertificate[] {
    if (!this.certificateCompanies.has(voen)) throw new Error(`push: certificates of VÖEN ${voen} read but not named in the rule's needs`);
    return [...this.certificates.values()].filter((c): c is StoredCertificate => c?.voen === voen);
  }

  /** A pull-log row (changes.ts): the last write of a key in the batch is the one desks get. */
  putRow(w: RowWrite): void {
    this.out.rows.set(`${w.table}\u0000${w.key}`, w);
  }

  /** `opId`: the op that made the binding (a rebinding that only confirms an earlier one passes that one's). */
  bind(desk: { id: string; officeId: string }, opId: string | null, iccid: string, subscriber: string, msisdn?: string): void {
    const b: Binding = { iccid, subscriber, msisdn: msisdn ?? null, officeId: desk.officeId, boundAt: this.now, opId };
    this.bindings.set(iccid, b);
    this.out.bindings.set(iccid, { ...b, deskId: desk.id });
  }

  /** Unbinds the SIM and retires it; the first retirement's time stands. */
  retire(iccid: string, op: SyncOp): void {
    const at = new Date(op.createdAt).toISOString();
    this.bindings.set(iccid, null);
    this.out.bindings.set(iccid, null);
    // An ICCID found from its number only was not loaded as retired or not: the database keeps the first (DO NOTHING).
    if (this.retired.get(iccid) === null) this.retired.set(iccid, at);
    if (!this.out.retired.has(iccid)) this.out.retired.set(iccid, { retiredAt: at, opId: op.id });
    this.putRow({ table: 'retired_iccids', key: iccid, officeId: null, row: { iccid, retiredAt: at } });
  }

  /** A voided op's SIM: no longer bound to anyone (it goes back to the office). */
  unbind(iccid: string): void {
    this.bindings.set(iccid, null);
    this.out.bindings.set(iccid, null);
  }

  /** A voided SIM duplicate's old SIM: no longer retired; desks get the row marked restored. */
  unretire(iccid: string, op: SyncOp): void {
    this.retired.set(iccid, null);
    this.out.retired.delete(iccid);
    this.out.unretired.add(iccid);
    this.putRow({ table: 'retired_iccids', key: iccid, officeId: null, row: { iccid, retiredAt: null, restoredAt: new Date(op.createdAt).toISOString() } });
  }

  /** A voided IMEI registration: the IMEI may be registered again. */
  unregisterImei(imei: string): void {
    this.imeis.set(imei, null);
    this.out.imeis = this.out.imeis.filter((r) => r.key !== imei);
    this.out.imeisRemoved.add(imei);
  }

  /** The earliest revocation time stands, and the first reason. The pulled row names this revocation's reason. */
  revokePoa(poaId: string, revokedAt: string, reason: string | null): void {
    const current = this.revocation(poaId);
    const us = microsOf(revokedAt);
    const next: Revocation = current ? { revokedAtUs: Math.min(current.revokedAtUs, us), reason: current.reason } : { revokedAtUs: us, reason };
    this.revocations.set(poaId, next);
    const written = this.out.revocations.get(poaId);
    this.out.revocations.set(poaId, written ? { revokedAt: microsOf(written.revokedAt) <= us ? written.revokedAt : revokedAt, reason: written.reason } : { revokedAt, reason });
    this.putRow({ table: 'poa_revocations', key: poaId, officeId: null, row: { poaId, revokedAt: isoOfMicros(next.revokedAtUs), reason } });
  }

  /** A POA's central row; an existing one is kept (the first registration stands). */
  insertPoa(p: PoaInsert): void {
    if (!this.out.poas.has(p.poaId)) this.out.poas.set(p.poaId, p);
  }

  /** Inserts the certificate, or sets status and row of an existing one. */
  putCertificate(officeId: string | null, c: CentralCertificate, opId: string): void {
    const current = this.certificate(c.id);
    const next: StoredCertificate = current
      ? { ...current, status: c.status, row: c }
      : { id: c.id, officeId, subject: c.subject, msisdn: c.msisdn, iccid: c.iccid, voen: c.voen ?? null, status: c.status, opId, row: c };
    this.certificates.set(c.id, next);
    this.out.certificates.add(c.id);
    this.putRow({ table: 'certificates', key: c.id, officeId, row: { ...c } });
  }

  registerImei(r: Registration & { noticeCode: string }): void {
    this.imeis.set(r.key, r.noticeCode);
    this.out.imeis.push(r);
  }
  registerKomis(r: Registration): void {
    this.komisCodes.set(r.key, true);
    this.out.komis.push(r);
  }

  /** Records a conflict for the op and publishes it to the office's desks (pull). Returns the conflict id. */
  recordConflict(desk: { id: string; officeId: string }, op: SyncOp, reason: string, details: Record<string, unknown>): string {
    const conflict: SyncConflict = {
      id: randomUUID(),
      officeId: desk.officeId,
      deskId: desk.id,
      // As PostgreSQL returns a uuid: lower case, whatever case the desk sent.
      opId: op.id.toLowerCase(),
      seq: op.seq,
      kind: op.kind,
      subject: op.subject,
      reason,
      details,
      status: 'open',
      note: null,
      createdAt: this.now,
      resolvedAt: null,
      resolvedBy: null,
    };
    this.out.conflicts.push(conflict);
    this.putRow({ table: 'conflicts', key: conflict.id, officeId: desk.officeId, row: { ...conflict } });
    return conflict.id;
  }
}
