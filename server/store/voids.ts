/**
 * The server's rule for a voided operation (`op.void`, common/operations/payments.ts): it undoes the operation's
 * central effect as the kind's `voidMeanings` says, on the batch's central state (central-state.ts).
 *
 * - sim.duplicate: the new SIM is unbound, the old SIM is bound to the number again and no longer retired, and the
 *   certificates the duplicate flagged for re-issue (on the old SIM, not re-issued since) are active again.
 * - sim.sell: the SIM is unbound from the number.
 * - cert.issue: the certificate is revoked centrally (every desk of its office pulls the revoked row). The SIM it was
 *   issued onto is unbound too, only if the issue itself bound it — the binding's op is the certificate's op, and no
 *   other live certificate sits on the SIM. A SIM bound before (sold by sim.sell, bound by another op, or moved on
 *   since: another subscriber's, retired or re-bound by a duplicate) stays as it is, and the certificate is still
 *   revoked. The SIM goes back to nobody, not to the shelf: a customer's own SIM is not office stock (a certificate
 *   issue issues no stock item). A desk older than the undo's `iccid`/`msisdn` sends neither: only the revocation.
 * - poa.create: the power of attorney is revoked centrally.
 * - imei.register: the registration is removed.
 * The desk sends what to undo (`undo`); the server checks that the central state still is what the operation made
 * (the new SIM still this subscriber's, the certificate still live). If something has been built on it since (the
 * new SIM duplicated again, the certificate already replaced), the void is a conflict a supervisor resolves, and
 * nothing is undone. A voided SIM sale or duplicate also puts the SIM it issued back on its office's shelf
 * (stock.ts restockVoided), so it can be sold again. Kinds whose void only records (a service change, KÖMİS) come without `undo` and are stored.
 */
import { ConflictReason, type SyncOp } from '../../common/sync/protocol';
import type { z } from 'zod';
import type { opVoidPayload } from '../../common/operations/payments';
import type { CentralState, Needs, StoredCertificate } from './central-state';
import type { Desk } from './offices';
import type { Evaluation } from './rules';
import { restockVoided, voidStockNeeds } from './stock';
import { unflagCertificatesOf } from './projections';

type VoidPayload = z.output<typeof opVoidPayload>;

export function voidNeeds(p: VoidPayload): Needs {
  const u = p.undo;
  if (!u) return {};
  switch (u.kind) {
    case 'sim.duplicate':
      return { iccids: u.oldIccid ? [u.newIccid, u.oldIccid] : [u.newIccid], msisdns: [u.msisdn], certificateMsisdns: [u.msisdn], stockItems: voidStockNeeds(u.newIccid) };
    case 'sim.sell':
      return { iccids: [u.iccid], msisdns: [u.msisdn], stockItems: voidStockNeeds(u.iccid) };
    case 'cert.issue':
      return u.iccid && u.msisdn ? { certificateIds: [u.certificateId], iccids: [u.iccid], certificateMsisdns: [u.msisdn] } : { certificateIds: [u.certificateId] };
    case 'poa.create':
      return { poaIds: [u.poaId] };
    case 'imei.register':
      return { imeis: u.imeis };
  }
}

/** The certificate's SIM is bound by the issue's own op, and no other live certificate sits on it. */
function boundByIssue(s: CentralState, c: StoredCertificate, msisdn: string): boolean {
  const b = s.binding(c.iccid);
  // Ids as the desk sent them or as PostgreSQL returns a uuid (lower case).
  if (!b?.opId || b.opId.toLowerCase() !== c.opId.toLowerCase()) return false;
  const live = (o: StoredCertificate) => o.id !== c.id && o.iccid === c.iccid && (o.status === 'active' || o.status === 'needs-reissue');
  return !s.certificatesOnNumber(msisdn).some(live);
}

const notReversible = (details: Record<string, unknown>): Evaluation => ({ status: 'conflict', reason: ConflictReason.VoidNotReversible, details });

export function decideVoid(s: CentralState, desk: Desk, op: SyncOp, p: VoidPayload): Evaluation {
  const u = p.undo;
  if (!u) return { status: 'applied' };
  switch (u.kind) {
    case 'sim.duplicate': {
      const now = s.binding(u.newIccid);
      if (!now || now.subscriber !== op.subject) return notReversible({ operationId: p.operationId, iccid: u.newIccid, why: 'new-sim-moved' });
      return {
        status: 'applied',
        apply: () => {
          s.unbind(u.newIccid);
          restockVoided(s, desk, { iccid: u.newIccid, operationId: p.operationId, clerkId: p.clerkId, at: p.createdAt });
          if (u.oldIccid) {
            s.unretire(u.oldIccid, op);
            s.bind(desk, op.id, u.oldIccid, op.subject, u.msisdn);
            unflagCertificatesOf(s, u.msisdn, u.oldIccid);
          }
        },
      };
    }
    case 'sim.sell': {
      const now = s.binding(u.iccid);
      if (!now || now.subscriber !== op.subject) return notReversible({ operationId: p.operationId, iccid: u.iccid, why: 'sim-moved' });
      return {
        status: 'applied',
        apply: () => {
          s.unbind(u.iccid);
          restockVoided(s, desk, { iccid: u.iccid, operationId: p.operationId, clerkId: p.clerkId, at: p.createdAt });
        },
      };
    }
    case 'cert.issue': {
      const c = s.certificate(u.certificateId);
      // Not yet known centrally (the issue was refused or not pushed): nothing to revoke, the void stands.
      if (!c) return { status: 'applied' };
      if (c.status !== 'active' && c.status !== 'needs-reissue') return notReversible({ operationId: p.operationId, certificateId: c.id, status: c.status });
      const unbinds = u.iccid !== undefined && u.msisdn !== undefined && u.iccid === c.iccid && boundByIssue(s, c, u.msisdn);
      return {
        status: 'applied',
        apply: () => {
          s.putCertificate(c.officeId, { ...c.row, status: 'revoked' }, c.opId);
          if (unbinds) s.unbind(c.iccid);
        },
      };
    }
    case 'poa.create':
      return { status: 'applied', apply: () => s.revokePoa(u.poaId, op.createdAt, 'voided') };
    case 'imei.register':
      return { status: 'applied', apply: () => u.imeis.forEach((imei) => s.unregisterImei(imei)) };
  }
}
