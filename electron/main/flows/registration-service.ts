// IMEI (device) registration and KÖMİS utility-payment registration (DOMAIN.md §5).
import { randomInt } from 'node:crypto';
import { uuidv7 } from '../../../common/ids';
import { AppError, ErrorCode } from '../../../common/errors';
import { Parameter } from '../../../common/domain/reference';
import { imeiBand, isViolation } from '../../../common/domain/rules/fees';
import { checkDocumentMatches, checkImeis, checkKomisAccounts, komisUtilities, type KomisUtility } from '../../../common/domain/rules/registrations';
import type { Operation } from '../../../common/ipc/channels/flows';
import type { Language } from '../../../common/i18n/languages';
import { imeiTaken, insertImeiRegistration, noticeCodeTaken } from '../db/queries/imei';
import { insertKomisRegistration, komisCodeTaken } from '../db/queries/komis';
import { withTx } from '../db/database';
import { hashPassword } from '../../../node-common/passwords';
import type { FlowContext } from './context';
import { throwIf } from './context';
import type { ReferenceService } from './reference-service';
import type { SimService } from './sim-service';

/** Letters and digits that cannot be confused when read off paper (no 0/O, 1/I/L). */
const PASSWORD_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789';

export function oneTimePassword(length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
  return s;
}

export interface KomisSheetRenderer {
  /** Renders the registration sheet with the clear password; the only place it exists. */
  komisSheet(input: { operation: Operation; subscriberCode: string; password: string; accounts: Partial<Record<KomisUtility, string>>; language?: Language }): Promise<{ fileName: string; mime: 'application/pdf'; base64: string; sha256: string }>;
}

export class RegistrationService {
  constructor(
    private readonly ctx: FlowContext,
    private readonly reference: ReferenceService,
    private readonly sims: SimService,
  ) {}

  registerImei(input: {
    visitId: string;
    actingFor?: { poaId: string };
    fin: string;
    documentSeries: string;
    documentNumber: string;
    imei: string;
    imei2?: string;
    securityCode: string;
    msisdn: string;
    devicePriceMinor: number;
    paymentType: 'cash' | 'card';
  }): { operation: Operation; noticeCode: string } {
    const f = this.ctx.frame(input, 'imei.register');
    if (!f.poa) throwIf(checkDocumentMatches(f.identity, input));
    else if (f.subjectFin !== input.fin) throw new AppError(ErrorCode.InvalidInput, 'The FIN is not the principal’s.', { fields: { fin: 'IDENTITY_MISMATCH' } });
    throwIf(checkImeis(input.imei, input.imei2));
    const imei = input.imei.replace(/[\s-]/g, '');
    const imei2 = input.imei2 && input.imei2.trim() !== '' ? input.imei2.replace(/[\s-]/g, '') : null;
    const msisdn = this.sims.msisdn(input.msisdn);
    const band = imeiBand(this.reference.imeiBands(), input.devicePriceMinor, f.today);
    if (isViolation(band)) throwIf(band);
    const { code: bandCode, feeMinor } = band as { code: string; feeMinor: number };
    let noticeCode = '';
    const operation = withTx(this.ctx.db, (tx) => {
      for (const [field, v] of [['imei', imei], ['imei2', imei2]] as const) {
        if (v && imeiTaken(tx, v)) throw new AppError(ErrorCode.ImeiAlreadyRegistered, 'This IMEI is already registered.', { fields: { [field]: 'IMEI_ALREADY_REGISTERED' } });
      }
      do noticeCode = `IM${f.today.replace(/-/g, '')}${String(randomInt(1_000_000)).padStart(6, '0')}`;
      while (noticeCodeTaken(tx, noticeCode));
      const op = this.ctx.record(tx, f, {
        kind: 'imei.register',
        // The device security code goes to the registry (sync) but is not printed or shown again.
        payload: { noticeCode, fin: input.fin, document: `${input.documentSeries}${input.documentNumber}`, imei, imei2, msisdn, securityCode: input.securityCode, devicePriceMinor: input.devicePriceMinor, priceBand: bandCode, paymentType: input.paymentType },
        feeMinor,
      });
      insertImeiRegistration(tx, { imei, imei2, operationId: op.id, noticeCode, fin: input.fin, msisdn, createdAt: f.now.toISOString() });
      return op;
    });
    this.ctx.emitted(operation);
    return { operation, noticeCode };
  }

  async registerKomis(
    input: { visitId: string; actingFor?: { poaId: string }; offlineApprovalId?: string; documentSeries: string; documentNumber: string; accounts: Partial<Record<KomisUtility, string>>; language?: Language },
    sheets: KomisSheetRenderer,
  ) {
    const f = this.ctx.frame(input, 'komis.register');
    if (!f.poa) throwIf(checkDocumentMatches(f.identity, input));
    throwIf(checkKomisAccounts(input.accounts));
    const accounts = Object.fromEntries(komisUtilities.filter((u) => input.accounts[u]?.trim()).map((u) => [u, input.accounts[u]!.trim()]));
    const length = this.reference.parameter(Parameter.KomisPasswordLength, f.today);
    const fee = this.reference.fee('komis.register', f.today);
    let password = oneTimePassword(Math.max(8, Math.min(32, length)));
    try {
      const passwordHash = await hashPassword(password);
      let subscriberCode = '';
      do subscriberCode = `${randomInt(1, 10)}${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
      while (komisCodeTaken(this.ctx.db, subscriberCode));
      // The sheet is rendered before the commit: if printing fails nothing is registered, so no customer is left
      // with a registration whose password nobody ever saw.
      const id = uuidv7(f.now.getTime());
      const payload = { subscriberCode, document: `${input.documentSeries}${input.documentNumber}`, accounts };
      const provisional: Operation = {
        id, visitId: f.visitId, kind: 'komis.register', subject: f.subject, payload, feeMinor: fee, approval: null, poaId: f.poa?.id ?? null,
        createdAt: f.now.toISOString(), clerkId: f.clerkId, status: 'completed',
      };
      const sheet = await sheets.komisSheet({ operation: provisional, subscriberCode, password, accounts, language: input.language });
      const operation = withTx(this.ctx.db, (tx) => {
        if (komisCodeTaken(tx, subscriberCode)) throw new AppError(ErrorCode.Conflict, 'The subscriber code was just taken; register again.');
        // The hash is not synced: KÖMİS's own system sets the password; the sheet is the customer's only copy.
        const op = this.ctx.record(tx, f, { id, kind: 'komis.register', payload, feeMinor: fee });
        insertKomisRegistration(tx, { subscriberCode, operationId: op.id, subject: f.subject, accounts, passwordHash, createdAt: f.now.toISOString() });
        return op;
      });
      this.ctx.emitted(operation);
      return { operation, subscriberCode, sheet };
    } finally {
      password = '';
    }
  }
}
