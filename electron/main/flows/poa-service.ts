// Power-of-attorney register (DOMAIN.md §3, §6): recorded on the visit of the trustee who presents it, used by later
// operations (FlowContext.frame checks it), revoked locally (synced) or centrally (arrives via sync).
import { createHash } from 'node:crypto';
import { AppError, ErrorCode } from '../../../common/errors';
import { uuidv7 } from '../../../common/ids';
import { checkPoaRegistration, poaStatus, principalKey } from '../../../common/domain/rules/poa';
import { delegableKinds, type Operation, type PowerOfAttorney } from '../../../common/operations';
import { findPoa, findPoaScan, insertPoa, listPoas, revokePoa, toPoa, type PoaRow } from '../db/queries/poa';
import { withTx } from '../db/database';
import { localIsoDate } from '../../../common/domain/dates';
import type { FlowContext } from './context';
import { throwIf } from './context';
import type { ReferenceService } from './reference-service';
import { decodeScan } from './scan';
import type { z } from 'zod';
import type { poaCreate } from '../../../common/operations/poa';

/** What poa:create takes (the registry's input schema, after parsing). */
export type PoaCreateInput = z.output<typeof poaCreate.input>;

export class PoaService {
  constructor(
    private readonly ctx: FlowContext,
    private readonly reference: ReferenceService,
  ) {}

  toView(row: PoaRow, today = localIsoDate(this.ctx.clock.now())): PowerOfAttorney {
    const poa = toPoa(row);
    return { ...poa, status: poaStatus({ trusteeKey: poa.trusteeKey, validFrom: poa.validFrom, validTo: poa.validTo, scope: [], revokedAt: poa.revokedAt }, today) };
  }

  create(input: PoaCreateInput): { poa: PowerOfAttorney; operation: Operation } {
    const f = this.ctx.frame(input, 'poa.create');
    if (input.scope.some((k) => !(delegableKinds as readonly string[]).includes(k))) {
      throw new AppError(ErrorCode.InvalidInput, 'The scope names an operation a trustee cannot do.', { fields: { scope: 'POA_SCOPE_INVALID' } });
    }
    const scan = input.letter ? decodeScan(input.letter.scan, 'letter.scan') : null;
    throwIf(
      checkPoaRegistration(
        { ...input, letter: input.letter ? { confirmedSignedSealed: input.letter.confirmedSignedSealed, hasScan: scan !== null } : undefined },
        f.identity,
        f.today,
      ),
    );
    const fee = this.reference.fee('poa.register', f.today);
    const id = uuidv7(f.now.getTime());
    const principal = input.principal.kind === 'person' ? { ...input.principal, fin: input.principal.fin.trim().toUpperCase() } : input.principal;
    const scope = [...new Set(input.scope)];
    const row: PoaRow = {
      id,
      visit_id: f.visitId,
      principal_json: JSON.stringify(principal),
      principal_key: principalKey(principal),
      trustee_key: f.personKey,
      trustee_name: `${f.identity.surname} ${f.identity.givenName}`,
      notary_registry_number: input.notaryRegistryNumber,
      notary_date: input.notaryDate,
      valid_from: input.validFrom,
      valid_to: input.validTo,
      scope_json: JSON.stringify(scope),
      letter_confirmed: input.letter ? (input.letter.confirmedSignedSealed ? 1 : 0) : null,
      letter_sha256: scan ? createHash('sha256').update(scan.bytes).digest('hex') : null,
      letter_mime: scan?.mime ?? null,
      letter_size: scan?.bytes.length ?? null,
      created_at: f.now.toISOString(),
      revoked_at: null,
      revoked_reason: null,
      revoked_source: null,
    };
    const trusteeFin = f.identity.kind === 'citizen' ? f.identity.fin : f.identity.personalCode || null;
    const operation = withTx(this.ctx.db, (tx) => {
      insertPoa(tx, { ...row, letter_scan: scan ? Buffer.from(scan.bytes) : null });
      const payload = {
        poaId: id,
        principal,
        notaryRegistryNumber: row.notary_registry_number,
        notaryDate: row.notary_date,
        validFrom: row.valid_from,
        validTo: row.valid_to,
        scope,
        letterSha256: row.letter_sha256,
        trusteeFin,
        trusteeKey: row.trustee_key,
        trusteeName: row.trustee_name,
        validUntil: row.valid_to,
      };
      // The operation is about the principal; the sync payload names the principal's FIN and the trustee's.
      return this.ctx.record(
        tx,
        { ...f, subject: row.principal_key, subjectFin: principal.kind === 'person' ? principal.fin : null },
        {
          kind: 'poa.create',
          payload,
          feeMinor: fee,
          syncSubject: `poa:${id}`,
        },
      );
    });
    this.ctx.emitted(operation);
    return { poa: this.toView(row, f.today), operation };
  }

  get(id: string): PowerOfAttorney {
    this.ctx.auth.requireClerk();
    const row = findPoa(this.ctx.db, id);
    if (!row || !row.principal_key) throw new AppError(ErrorCode.NotFound, 'No such power of attorney on this desk.');
    return this.toView(row);
  }

  list(filter: { principalKey?: string; trusteeKey?: string; visitId?: string }): PowerOfAttorney[] {
    this.ctx.auth.requireClerk();
    return listPoas(this.ctx.db, filter).filter((r) => r.principal_key).map((r) => this.toView(r));
  }

  scan(id: string): { mime: string; base64: string; sha256: string } {
    this.ctx.auth.requireClerk();
    const s = findPoaScan(this.ctx.db, id);
    if (!s) throw new AppError(ErrorCode.NotFound, 'This power of attorney has no scan.');
    return { mime: s.mime, base64: Buffer.from(s.scan).toString('base64'), sha256: s.sha256 };
  }

  /** Revocation recorded on the visit of whoever brings it (principal or trustee), and queued as a central revocation. */
  revoke(input: { visitId: string; poaId: string; reason: string }): { poa: PowerOfAttorney; operation: Operation } {
    const f = this.ctx.frame(input, 'poa.revoke');
    const row = findPoa(this.ctx.db, input.poaId);
    if (!row || !row.principal_key) throw new AppError(ErrorCode.NotFound, 'No such power of attorney on this desk.');
    if (row.revoked_at) throw new AppError(ErrorCode.PoaRevoked, 'This power of attorney is already revoked.');
    if (f.personKey !== row.principal_key && f.personKey !== row.trustee_key) {
      throw new AppError(ErrorCode.SubscriberMismatch, 'Only the principal or the trustee can revoke a power of attorney at the desk.');
    }
    const at = f.now.toISOString();
    const operation = withTx(this.ctx.db, (tx) => {
      revokePoa(tx, row.id, at, input.reason, 'desk');
      return this.ctx.record(
        tx,
        { ...f, subject: row.principal_key },
        { kind: 'poa.revoke', payload: { poaId: row.id, reason: input.reason }, feeMinor: 0, syncSubject: `poa:${row.id}` },
      );
    });
    this.ctx.emitted(operation);
    return { poa: this.get(row.id), operation };
  }
}
