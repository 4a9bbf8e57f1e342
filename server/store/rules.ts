/**
 * The server's rules per kind: what a pushed op changes centrally and when it clashes with what is already there.
 * The table is typed by the registry (common/operations): a kind without a rule does not compile, and each rule gets
 * its kind's validated payload. A rule names the central keys it reads or writes (`needs`: locked and loaded for the
 * whole batch before any op is decided), then decides on the batch's central state (central-state.ts), which already
 * holds what the batch's earlier ops did. It returns the verdict; `apply` runs only if the op is applied.
 */
import { ConflictReason, type SyncOp } from '../../common/sync/protocol';
import type { OperationKind, PayloadOf } from '../../common/operations';
import type { z } from 'zod';
import type { recordKinds } from '../../common/operations/records';
import { isoOfMicros, microsOf, type CentralState, type Needs, type StoredCertificate } from './central-state';
import { certificateIds, companyOf, flagCertificatesForReissue, projectCertificate, projectPoa } from './projections';
import type { Desk } from './offices';
import { decideVoid, voidNeeds } from './voids';
import { decideShiftClose, decideShiftOpen } from './shifts';
import { decideStockMove, stockNeeds } from './stock';

export interface Evaluation {
  status: 'applied' | 'conflict' | 'rejected';
  reason?: string;
  details?: Record<string, unknown>;
  apply?: () => void;
}

type RecordKind = keyof typeof recordKinds;
export type CentralKind = OperationKind | RecordKind;
type PayloadFor<K> = K extends OperationKind ? PayloadOf<K> : K extends RecordKind ? z.output<(typeof recordKinds)[K]['payload']> : never;
export interface Rule<K extends CentralKind> {
  needs?: (p: PayloadFor<K>) => Needs;
  decide: (s: CentralState, desk: Desk, op: SyncOp, p: PayloadFor<K>) => Evaluation;
}

const applied = { decide: (): Evaluation => ({ status: 'applied' }) };

/** Binds the ICCID to the op's subject unless it is retired or another subscriber's. */
const bindsIccid = (s: CentralState, desk: Desk, op: SyncOp, iccid: string, msisdn: string): Evaluation =>
  bindingConflict(s, iccid, op.subject) ?? { status: 'applied', apply: () => s.bind(desk, op.id, iccid, op.subject, msisdn) };

export const centralRules: { [K in CentralKind]: Rule<K> } = {
  'visit.create': applied,
  /** The visit's lifecycle is the desk's: stored as it came, so the journal's state is known centrally. */
  'visit.close': applied,
  'visit.cancel': applied,
  /** A stand-in the desk sent for an op it could not send: stored for a human, the desk marks its op failed. */
  'desk.unsendable': applied,
  'reference.update': applied,
  /** A visit's payment: stored as it came (the reports read it); nothing central changes. */
  'visit.pay': applied,
  /** A same-day void: the operation's central effect undone (voids.ts). */
  'op.void': { needs: voidNeeds, decide: decideVoid },
  /** A clerk's shift: stored in `shifts` for the reports (shifts.ts); nothing central is decided. */
  'shift.open': { decide: decideShiftOpen },
  'shift.close': { decide: decideShiftClose },
  /** The office's stock: an ICCID or token serial issued twice, anywhere, is a conflict (stock.ts). */
  'stock.move': { needs: stockNeeds, decide: decideStockMove },
  /** A stock count at close: stored as it came, for the reports. */
  'stock.count': applied,
  /** Projected centrally: the office's other desks get it in their replica. */
  'poa.create': { decide: (s, desk, op, p) => ({ status: 'applied', apply: () => projectPoa(s, desk, op, p) }) },
  /** Becomes a central revocation every desk pulls. */
  'poa.revoke': {
    needs: (p) => ({ poaIds: [p.poaId] }),
    decide: (s, _desk, op, p) => ({ status: 'applied', apply: () => s.revokePoa(p.poaId, op.createdAt, p.reason) }),
  },
  /**
   * Binds the new ICCID to the subscriber and retires the old one. A lost SIM the desk did not know comes without its
   * ICCID (null): the SIM bound to the number is the one retired.
   */
  'sim.duplicate': {
    needs: (p) => ({ iccids: p.oldIccid === null ? [p.newIccid] : [p.newIccid, p.oldIccid], msisdns: p.oldIccid === null ? [p.msisdn] : [], certificateMsisdns: [p.msisdn] }),
    decide: (s, desk, op, p) => {
      const conflict = bindingConflict(s, p.newIccid, op.subject);
      if (conflict) return conflict;
      const onNumber = p.oldIccid === null ? s.bindingsOnNumber(p.msisdn).filter((b) => b.iccid !== p.newIccid) : [];
      // Found from the number only: never retire another subscriber's SIM (the desk could not check whose it is).
      const foreign = onNumber.find((b) => b.subscriber !== op.subject);
      if (foreign) return { status: 'conflict', reason: ConflictReason.MsisdnBoundElsewhere, details: { msisdn: p.msisdn, iccid: foreign.iccid, subscriber: op.subject } };
      const old = p.oldIccid === null ? onNumber.map((b) => b.iccid) : [p.oldIccid];
      return {
        status: 'applied',
        apply: () => {
          s.bind(desk, op.id, p.newIccid, op.subject, p.msisdn);
          for (const iccid of old) s.retire(iccid, op);
          // The certificates on the old SIM are dead, wherever they were issued: their office re-issues them.
          flagCertificatesForReissue(s, p.msisdn, p.newIccid);
        },
      };
    },
  },
  /** A new SIM: the ICCID and the number must both be free (or already this subscriber's). */
  'sim.sell': {
    needs: (p) => ({ iccids: [p.iccid], msisdns: [p.msisdn] }),
    decide: (s, desk, op, p) => bindingConflict(s, p.iccid, op.subject) ?? msisdnConflict(s, p.msisdn, p.iccid, op.subject) ?? bindsIccid(s, desk, op, p.iccid, p.msisdn),
  },
  'cert.issue': {
    // The number is locked too: two desks issuing onto it (offline, each unaware) are decided one after the other.
    // A Biznes certificate is the company's: its VÖEN is locked and its certificates read, whatever number they are on.
    needs: (p) => {
      const company = companyOf(p);
      return { iccids: [p.iccid], msisdns: [p.msisdn], certificateIds: certificateIds(p), certificateMsisdns: [p.msisdn], ...(company ? { certificateVoens: [company] } : {}) };
    },
    decide: (s, desk, op, p) => {
      const live = (c: StoredCertificate) => c.id !== p.certificateId && (c.status === 'active' || c.status === 'needs-reissue');
      const twin = s.certificatesOnNumber(p.msisdn).find((c) => live(c) && c.row.type === p.certType);
      if (twin) {
        return { status: 'conflict', reason: ConflictReason.CertificateAlreadyActive, details: { msisdn: p.msisdn, certType: p.certType, certificateId: twin.id, issuedByOfficeId: twin.officeId } };
      }
      // One Biznes certificate per company, not per person: another person's (or number's) live one holds it.
      const company = companyOf(p);
      const held = company ? s.certificatesOfCompany(company).find(live) : undefined;
      if (company && held) {
        const details = { voen: company, certificateId: held.id, holderName: held.row.holderName, msisdn: held.msisdn, issuedByOfficeId: held.officeId };
        return { status: 'conflict', reason: ConflictReason.CompanyCertificateActive, details };
      }
      const taken = bindingConflict(s, p.iccid, op.subject);
      if (taken) return taken;
      // A SIM already this subscriber's (sold earlier, say) stays bound by the op that bound it: voiding this issue
      // then leaves it bound (voids.ts), and unbinds only a SIM the issue itself bound.
      const before = s.binding(p.iccid);
      return {
        status: 'applied',
        apply: () => {
          s.bind(desk, before ? before.opId : op.id, p.iccid, op.subject, p.msisdn);
          projectCertificate(s, desk, op, p);
        },
      };
    },
  },
  'cert.reissue': { needs: (p) => ({ certificateIds: certificateIds(p) }), decide: (s, desk, op, p) => ({ status: 'applied', apply: () => projectCertificate(s, desk, op, p, 'replaced') }) },
  'cert.renew': { needs: (p) => ({ certificateIds: certificateIds(p) }), decide: (s, desk, op, p) => ({ status: 'applied', apply: () => projectCertificate(s, desk, op, p, 'renewed') }) },
  'service.activate': applied,
  'service.extend': applied,
  'service.correctType': applied,
  'token.unblock': applied,
  'token.reportLost': applied,
  /** Unique across the organisation: a second registration of an IMEI at any desk is a conflict. */
  'imei.register': {
    needs: (p) => ({ imeis: imeisOf(p) }),
    decide: (s, desk, op, p) => {
      const taken = imeisOf(p).find((imei) => s.imeiRegistration(imei) !== null);
      if (taken) return { status: 'conflict', reason: ConflictReason.ImeiRegisteredElsewhere, details: { imei: taken, noticeCode: s.imeiRegistration(taken) } };
      return {
        status: 'applied',
        apply: () => {
          for (const imei of imeisOf(p)) s.registerImei({ key: imei, opId: op.id, subject: op.subject, officeId: desk.officeId, noticeCode: p.noticeCode });
        },
      };
    },
  },
  /** Desks make subscriber codes offline: a code another desk issued first is a conflict (the customer gets a new one). */
  'komis.register': {
    needs: (p) => ({ komisCodes: [p.subscriberCode] }),
    decide: (s, desk, op, p) =>
      s.komisCodeTaken(p.subscriberCode)
        ? { status: 'conflict', reason: ConflictReason.KomisCodeTaken, details: { subscriberCode: p.subscriberCode } }
        : { status: 'applied', apply: () => s.registerKomis({ key: p.subscriberCode, opId: op.id, subject: op.subject, officeId: desk.officeId }) },
  },
};

/** An IMEI (and a dual-SIM phone's second one) registered at most once across the organisation. */
function imeisOf(p: PayloadOf<'imei.register'>): string[] {
  return [p.imei, ...(p.imei2 ? [p.imei2] : [])];
}

/** Revoked before the desk used it (the desk was offline and did not know): a conflict. Revoked after: the use stands. */
export function poaConflict(s: CentralState, poaId: string, op: SyncOp): Evaluation | null {
  const r = s.revocation(poaId);
  if (!r || r.revokedAtUs > microsOf(op.createdAt)) return null;
  return { status: 'conflict', reason: ConflictReason.PoaRevoked, details: { poaId, revokedAt: isoOfMicros(r.revokedAtUs), revocationReason: r.reason } };
}

function bindingConflict(s: CentralState, iccid: string, subscriber: string): Evaluation | null {
  // Serialized with every other writer of the ICCID by its advisory lock (central-sql.ts); two desks binding it at
  // once would otherwise both "apply" (found by test/integration/chaos-sync.test.ts).
  const retiredAt = s.retiredAt(iccid);
  if (retiredAt) return { status: 'conflict', reason: ConflictReason.IccidRetired, details: { iccid, subscriber, retiredAt } };
  const b = s.binding(iccid);
  if (!b || b.subscriber === subscriber) return null;
  // The other subscriber may be another office's customer: say that the SIM is bound, not to whom.
  return { status: 'conflict', reason: ConflictReason.IccidBoundElsewhere, details: { iccid, subscriber, boundAt: b.boundAt, boundByOfficeId: b.officeId } };
}

/** Two desks selling the same number at once: serialized on the number, like ICCIDs. */
function msisdnConflict(s: CentralState, msisdn: string, iccid: string, subscriber: string): Evaluation | null {
  const b = s.bindingsOnNumber(msisdn).find((x) => x.iccid !== iccid && x.subscriber !== subscriber);
  if (!b) return null;
  return { status: 'conflict', reason: ConflictReason.MsisdnBoundElsewhere, details: { msisdn, iccid, subscriber, boundAt: b.boundAt, boundByOfficeId: b.officeId } };
}
