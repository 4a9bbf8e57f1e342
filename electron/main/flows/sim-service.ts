// SIM reads and SIM duplicates (DOMAIN.md §3, §6). An ICCID counts as "read from the card" only when it came from
// the card service through readIccid() on this desk in the last few minutes; typing one needs a supervisor.
import { randomUUID } from 'node:crypto';
import { AppError, ErrorCode } from '../../../common/errors';
import { normaliseMsisdn } from '../../../common/domain/identifiers';
import { checkIccidFormat, checkMsisdn, checkSimDuplicate } from '../../../common/domain/rules/sim';
import { FlowApproval, type Operation } from '../../../common/operations';
import type { simDuplicate, simSell } from '../../../common/operations/sim';
import type { z } from 'zod';
import { findActiveSimOfMsisdn, findSim, bindSim, retireSim, toSimBinding } from '../db/queries/sim';
import { withTx, type WritableDb } from '../db/database';
import { flagCertificatesForReissue } from '../db/queries/certificates';
import type { FlowContext, OperationFrame } from './context';
import { throwIf } from './context';
import type { ReferenceService } from './reference-service';
import type { SimIccidSource } from './ports';

const READ_VALID_MS = 15 * 60_000;

export type SimSource = { readId: string } | { typedIccid: string; approvalId: string };

export interface ResolvedSim {
  iccid: string;
  operator: string | null;
  /** 'card' or 'typed' (with the approval consumed inside the operation's transaction). */
  source: 'card' | 'typed';
  approvalId: string | null;
}

/** What a SIM sale or duplicate asks of the office's stock (StockService.issueSim). */
export interface SimStockPort {
  issueSim(tx: WritableDb, iccid: string, operation: { id: string; clerkId: string; createdAt: string }): void;
}

export class SimService {
  private readonly reads = new Map<string, { iccid: string; operator: string | null; at: number; clerkId: string }>();

  constructor(
    private readonly ctx: FlowContext,
    private readonly reference: ReferenceService,
    private readonly source: SimIccidSource,
    /** The office's stock: the new SIM's ICCID is issued in the operation's transaction (stock-service.ts). */
    private readonly stock: SimStockPort | null = null,
  ) {}

  async readIccid(reader?: string): Promise<{ readId: string; iccid: string; luhnValid: boolean; operator: string | null; readAt: string; reader?: string }> {
    const clerk = this.ctx.auth.requireClerk();
    const read = await this.source.readIccid(reader);
    const operator = read.operator ?? this.operatorOf(read.iccid);
    const now = this.ctx.clock.now();
    const readId = randomUUID();
    for (const [k, v] of this.reads) if (now.getTime() - v.at > READ_VALID_MS) this.reads.delete(k);
    if (read.luhnValid) this.reads.set(readId, { iccid: read.iccid, operator, at: now.getTime(), clerkId: clerk.id });
    return { readId, iccid: read.iccid, luhnValid: read.luhnValid, operator, readAt: now.toISOString(), reader: read.reader };
  }

  private operatorOf(iccid: string): string | null {
    let best: { prefix: string; operator: string } | null = null;
    for (const i of this.reference.iccidIssuers()) if (iccid.startsWith(i.prefix) && (!best || i.prefix.length > best.prefix.length)) best = i;
    return best?.operator ?? null;
  }

  /** The new SIM's ICCID, checked; a typed one's approval is consumed later via consumeTyped(). */
  resolve(source: SimSource, field: string, f: OperationFrame): ResolvedSim {
    if ('readId' in source) {
      const r = this.reads.get(source.readId);
      if (!r || r.clerkId !== f.clerkId || f.now.getTime() - r.at > READ_VALID_MS) {
        throw new AppError(ErrorCode.IccidNotRead, 'Read the SIM in the reader again (the read is missing or too old).', { fields: { [field]: 'ICCID_NOT_READ' } });
      }
      throwIf(checkIccidFormat(r.iccid, field));
      return { iccid: r.iccid, operator: r.operator, source: 'card', approvalId: null };
    }
    const iccid = source.typedIccid.replace(/\s+/g, '');
    throwIf(checkIccidFormat(iccid, field));
    return { iccid, operator: this.operatorOf(iccid), source: 'typed', approvalId: source.approvalId };
  }

  /** In the operation's transaction: a typed ICCID's approval, or null for a card read. */
  consumeTyped(tx: WritableDb, sim: ResolvedSim) {
    return sim.approvalId ? this.ctx.approval(tx, sim.approvalId, FlowApproval.TypedIccid) : null;
  }

  forget(sim: ResolvedSim, source: SimSource): void {
    if (sim.source === 'card' && 'readId' in source) this.reads.delete(source.readId);
  }

  /**
   * Whose price a SIM fee is: the SIM's operator from its ICCID issuer, else the number's operator by its prefix
   * (numbers are portable, so only when the ICCID says nothing — Bakcell publishes no issuer number).
   */
  feeOperator(sim: ResolvedSim, msisdn: string): string | null {
    if (sim.operator) return sim.operator;
    const prefix = msisdn.replace(/^\+994/, '').slice(0, 2);
    return this.reference.mobilePrefixOperators().find((p) => p.prefix === prefix)?.operator ?? null;
  }

  msisdn(value: string, field = 'msisdn'): string {
    throwIf(checkMsisdn(value, this.reference.mobilePrefixes(), field));
    return normaliseMsisdn(value)!;
  }

  duplicate(input: z.output<typeof simDuplicate.input>): {
    operation: Operation;
    retiredIccid: string;
    newIccid: string;
    certificatesFlagged: number;
  } {
    const f = this.ctx.frame(input, 'sim.duplicate');
    const msisdn = this.msisdn(input.msisdn);
    const typedOld = input.oldIccid.replace(/\s+/g, '');
    // A lost SIM is not at the desk to read or copy its ICCID from: the SIM bound to the number is the one retired.
    const oldFromNumber = typedOld === '' && input.reason === 'lost';
    if (!oldFromNumber) throwIf(checkIccidFormat(typedOld, 'oldIccid'));
    const sim = this.resolve(input.newSim, 'newSim', f);
    const fee = this.reference.fee('sim.duplicate', f.today, this.feeOperator(sim, msisdn));
    let flagged = 0;
    let oldIccid: string | null = typedOld;
    const operation = withTx(this.ctx.db, (tx) => {
      const current = findActiveSimOfMsisdn(tx, msisdn);
      // Unknown here too (the SIM was sold at another office): null, and the server retires the number's SIM.
      if (oldFromNumber) oldIccid = current?.iccid ?? null;
      throwIf(
        checkSimDuplicate({
          msisdn,
          subject: f.subject,
          oldIccid: oldIccid ?? '',
          newIccid: sim.iccid,
          oldSim: oldIccid ? toSimBinding(findSim(tx, oldIccid)) : null,
          newSim: toSimBinding(findSim(tx, sim.iccid)),
          current: toSimBinding(current),
        }),
      );
      const approval = this.consumeTyped(tx, sim);
      const at = f.now.toISOString();
      if (oldIccid) retireSim(tx, { iccid: oldIccid, msisdn, subject: f.subject, retiredAt: at });
      bindSim(tx, { iccid: sim.iccid, msisdn, subject: f.subject, operator: sim.operator, boundAt: at });
      flagged = flagCertificatesForReissue(tx, msisdn, sim.iccid);
      const op = this.ctx.record(tx, f, {
        kind: 'sim.duplicate',
        payload: { msisdn, reason: input.reason, oldIccid, newIccid: sim.iccid, iccidSource: sim.source, operator: sim.operator, certificatesFlagged: flagged },
        feeMinor: fee,
        approval,
      });
      this.stock?.issueSim(tx, sim.iccid, op);
      return op;
    });
    this.forget(sim, input.newSim);
    this.ctx.emitted(operation);
    return { operation, retiredIccid: oldIccid, newIccid: sim.iccid, certificatesFlagged: flagged };
  }

  /**
   * A new Asan İmza SIM sold to the identified customer (or a principal under a POA): the chosen number goes onto
   * the SIM read from the reader. The number must not be on another active SIM and the SIM must be new to this desk;
   * the server makes the same checks across desks (conflicts a supervisor resolves).
   */
  sell(input: z.output<typeof simSell.input>): { operation: Operation; iccid: string; msisdn: string } {
    const f = this.ctx.frame(input, 'sim.sell');
    const msisdn = this.msisdn(input.msisdn);
    const tariff = this.reference.asanTariff(input.tariff, f.today);
    const sim = this.resolve(input.sim, 'sim', f);
    const fee = this.reference.fee('sim.sell', f.today, this.feeOperator(sim, msisdn));
    const operation = withTx(this.ctx.db, (tx) => {
      const known = findSim(tx, sim.iccid);
      if (known?.status === 'retired') throw new AppError(ErrorCode.IccidRetired, 'This SIM was retired by a duplicate and cannot be sold.', { fields: { sim: 'ICCID_RETIRED' } });
      if (known) throw new AppError(ErrorCode.IccidInUse, 'This SIM is already bound to a number.', { fields: { sim: 'ICCID_IN_USE' } });
      if (findActiveSimOfMsisdn(tx, msisdn)) throw new AppError(ErrorCode.MsisdnInUse, 'This number is already on an active SIM.', { fields: { msisdn: 'MSISDN_IN_USE' } });
      const approval = this.consumeTyped(tx, sim);
      bindSim(tx, { iccid: sim.iccid, msisdn, subject: f.subject, operator: sim.operator, boundAt: f.now.toISOString() });
      const op = this.ctx.record(tx, f, {
        kind: 'sim.sell',
        payload: { msisdn, iccid: sim.iccid, iccidSource: sim.source, operator: sim.operator, tariff: tariff.code },
        feeMinor: fee,
        approval,
      });
      this.stock?.issueSim(tx, sim.iccid, op);
      return op;
    });
    this.forget(sim, input.sim);
    this.ctx.emitted(operation);
    return { operation, iccid: sim.iccid, msisdn };
  }
}
