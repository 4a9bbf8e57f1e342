// Customer slips as PDFs (issue 12, deliver 5): the SMS renewal slip (on demand, and offered when one of the
// customer's certificates is inside the online renewal window), the PIN1/PIN2/PUK guidance after a SIM duplicate or
// a certificate issue, and the KÖMİS first-login instructions. Every print is an audit entry, like the receipts.
import { withTx, type Db } from '../db/database';
import { AppError, ErrorCode } from '../../../common/errors';
import { identityLabel } from '../../../common/domain/identity';
import { localIsoDate, daysBetween } from '../../../common/domain/dates';
import { Parameter } from '../../../common/domain/reference';
import { addDays, renewalState } from '../../../common/domain/rules/certificates';
import { personKey } from '../../../common/domain/rules/identity';
import type { Language } from '../../../common/i18n/languages';
import { findCertificate, listCertificatesOfSubject } from '../db/queries/certificates';
import { listOperationsOfVisit, toOperation } from '../db/queries/operations';
import { toVisit, type VisitRow } from '../db/queries/visits';
import type { AuthService } from '../services/auth-service';
import type { AuditPort } from '../services/audit-log';
import type { Clock } from '../services/clock';
import type { PdfRenderer } from './pdf-renderer';
import { printableVisit } from './printable-visit';
import { renderPdf, type PdfDocument } from './pdf-document';
import { komisSlipHtml, pinSlipHtml, renewalSlipHtml, type SlipHeader } from './templates-slips';
import type { RenewalOffer, SlipKind } from '../../../common/ipc/channels/slips';

/** The reference parameters a slip prints (the flows' ReferenceService, matched structurally: printing/ never imports flows/). */
export interface SlipParameters {
  parameter(code: string, date?: string): number;
}


export class SlipService {
  constructor(
    private readonly db: Db,
    private readonly auth: AuthService,
    private readonly renderer: PdfRenderer,
    private readonly audit: AuditPort,
    private readonly parameters: SlipParameters,
    private readonly clock: Clock,
  ) {}

  private visit(visitId: string): VisitRow {
    return printableVisit(this.db, visitId);
  }

  /**
   * The customer's active certificates that expire within the online renewal window (renewable online now: the
   * slip tells them how), or have expired (renewed in person at ASXM): the visit page offers the slip for them.
   */
  renewalOffers(visitId: string): RenewalOffer[] {
    this.auth.requireClerk();
    const v = this.visit(visitId);
    const today = localIsoDate(this.clock.now());
    const windowDays = this.parameters.parameter(Parameter.RenewalOnlineDaysBefore, today);
    return listCertificatesOfSubject(this.db, personKey(toVisit(v).identity))
      .filter((c) => c.status === 'active')
      .flatMap((c): RenewalOffer[] => {
        const state = renewalState(c.valid_to, today, windowDays);
        if (state === 'not-yet') return [];
        return [{ certificateId: c.id, type: c.type, msisdn: c.msisdn, validTo: c.valid_to, daysLeft: daysBetween(today, c.valid_to), state }];
      });
  }

  async print(input: { visitId: string; slip: SlipKind; certificateId?: string; language?: Language }): Promise<PdfDocument> {
    const clerk = this.auth.requireClerk();
    const v = this.visit(input.visitId);
    const language = input.language ?? clerk.language ?? this.auth.defaultLanguage();
    const now = this.clock.now();
    const today = localIsoDate(now);
    const header: SlipHeader = { office: this.auth.office() ?? '', printedAt: now.toISOString(), customer: identityLabel(toVisit(v).identity) };
    const html = this.html(input, language, header, today);
    withTx(this.db, (tx) =>
      this.audit.append(tx, { kind: 'print.slip', actor: clerk.id, details: { visitId: v.id, slip: input.slip, language, certificateId: input.certificateId ?? null } }),
    );
    return renderPdf(this.renderer, html, `slip-${input.slip}-${v.number}-${language}.pdf`);
  }

  private html(input: { visitId: string; slip: SlipKind; certificateId?: string }, language: Language, header: SlipHeader, today: string): string {
    const param = (code: string) => this.parameters.parameter(code, today);
    if (input.slip === 'pin') return pinSlipHtml(language, header, { pin1Tries: param(Parameter.SimPin1Tries), pukTries: param(Parameter.SimPukTries) });
    if (input.slip === 'komis') {
      const reg = listOperationsOfVisit(this.db, input.visitId)
        .map(toOperation)
        .filter((o) => o.kind === 'komis.register' && o.status === 'completed')
        .at(-1);
      const code = typeof reg?.payload.subscriberCode === 'string' ? reg.payload.subscriberCode : null;
      return komisSlipHtml(language, header, { subscriberCode: code, passwordLength: param(Parameter.KomisPasswordLength) });
    }
    const windowDays = param(Parameter.RenewalOnlineDaysBefore);
    let certificate = null;
    if (input.certificateId) {
      const c = findCertificate(this.db, input.certificateId);
      if (!c) throw new AppError(ErrorCode.NotFound, 'No such certificate.', { fields: { certificateId: 'NOT_FOUND' } });
      certificate = { type: c.type, msisdn: c.msisdn, validTo: c.valid_to, windowFrom: addDays(c.valid_to, -windowDays) };
    }
    return renewalSlipHtml(language, header, { smsNumber: param(Parameter.SmsShortNumber), windowDays, certificate });
  }
}
