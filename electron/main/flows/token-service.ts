// e-İmza tokens (DOMAIN.md §4): status (certificates, PIN tries), PIN unblock with the PUK, lost-carrier report.
// The PUK and the new PIN are turned into byte buffers once, handed to the token port, and zeroed in `finally`;
// they never reach the database, the outbox, the operation payload or a log line.
import { AppError, ErrorCode } from '../../../common/errors';
import type { Operation, TokenStatus } from '../../../common/ipc/channels/flows';
import type { FlowContext } from './context';
import type { ReferenceService } from './reference-service';
import type { TokenPort } from './ports';
import { withTx } from '../db/database';
import { subjectsOfTokenSerial } from '../db/queries/operations';

export class TokenService {
  constructor(
    private readonly ctx: FlowContext,
    private readonly reference: ReferenceService,
    private readonly tokens: TokenPort,
  ) {}

  async status(reader?: string): Promise<TokenStatus> {
    this.ctx.auth.requireClerk();
    return this.tokens.status(reader);
  }

  async unblock(input: { visitId: string; actingFor?: { poaId: string }; offlineApprovalId?: string; reader?: string; puk: string; newPin: string }): Promise<{ operation: Operation; token: TokenStatus }> {
    const puk = new TextEncoder().encode(input.puk);
    const newPin = new TextEncoder().encode(input.newPin);
    try {
      const f = this.ctx.frame(input, 'token.unblock');
      if (!/^\d{4,16}$/.test(input.newPin)) throw new AppError(ErrorCode.InvalidInput, 'The new PIN must be 4–16 digits.', { fields: { newPin: 'PIN_FORMAT' } });
      const before = await this.tokens.status(input.reader);
      if (!before.present) throw new AppError(ErrorCode.TokenAbsent, 'Put the token in the reader.');
      await this.tokens.unblockPin(input.reader, puk, newPin);
      const after = await this.tokens.status(input.reader);
      const fee = this.reference.fee('token.unblock', f.today);
      const operation = withTx(this.ctx.db, (tx) =>
        this.ctx.record(tx, f, { kind: 'token.unblock', payload: { tokenSerial: before.serial, label: before.label, pinState: after.pin.state }, feeMinor: fee }),
      );
      this.ctx.emitted(operation);
      return { operation, token: after };
    } finally {
      puk.fill(0);
      newPin.fill(0);
    }
  }

  /** A lost carrier: a revocation request queued for the CA through sync (DOMAIN.md §4: within hours). */
  reportLost(input: { visitId: string; actingFor?: { poaId: string }; offlineApprovalId?: string; tokenSerial?: string; certificateSerials: string[]; lostAt: string; circumstances: string }): { operation: Operation } {
    const f = this.ctx.frame(input, 'token.reportLost');
    if (!input.tokenSerial && input.certificateSerials.length === 0) {
      throw new AppError(ErrorCode.InvalidInput, 'Give the token serial or at least one certificate serial.', { fields: { tokenSerial: 'REQUIRED' } });
    }
    if (input.lostAt > f.today) throw new AppError(ErrorCode.InvalidInput, 'The loss date is in the future.', { fields: { lostAt: 'DATE_IN_FUTURE' } });
    // A revocation cannot be taken back: a serial this desk has recorded for someone else is not this customer's.
    const owners = input.tokenSerial ? subjectsOfTokenSerial(this.ctx.db, input.tokenSerial) : [];
    if (owners.length > 0 && !owners.includes(f.subject)) {
      throw new AppError(ErrorCode.SubscriberMismatch, 'This token was recorded for another customer.', { fields: { tokenSerial: 'TOKEN_OTHER_SUBSCRIBER' } });
    }
    const fee = this.reference.fee('token.reportLost', f.today);
    const payload = { tokenSerial: input.tokenSerial ?? null, certificateSerials: input.certificateSerials, lostAt: input.lostAt, circumstances: input.circumstances, reportedAt: f.now.toISOString() };
    const operation = withTx(this.ctx.db, (tx) => this.ctx.record(tx, f, { kind: 'token.reportLost', payload, feeMinor: fee }));
    this.ctx.emitted(operation);
    return { operation };
  }
}
