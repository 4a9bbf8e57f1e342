// Receipts, application forms and the KÖMİS registration sheet as PDFs, reprintable from the journal.
import { withTx, type Db } from '../db/database';
import { AppError, ErrorCode } from '../../../common/errors';
import { identityLabel } from '../../../common/domain/identity';
import type { Language } from '../../../common/i18n/languages';
import type { Operation, PowerOfAttorney } from '../../../common/ipc/channels/flows';
import { countVisitPrint, toVisit, type VisitRow } from '../db/queries/visits';
import { findOperation, listOperationsOfVisit, operationSyncStates, toOperation } from '../db/queries/operations';
import { findPoa, toPoa } from '../db/queries/poa';
import type { AuthService } from '../services/auth-service';
import type { PdfRenderer } from './pdf-renderer';
import { renderAndDeliver, renderPdf, type PdfDocument } from './pdf-document';
import { printableVisit } from './printable-visit';
import type { AuditPort } from '../services/audit-log';
import { listReferenceRows } from '../db/queries/reference';
import { referenceRowSchemas, type ReferenceRow } from '../../../common/domain/reference';
import { formHtml, headerBlock, komisSheetHtml, page, principalLabel, qrDataUri, receiptHtml, type PrintHeader } from './templates';
import { asPaid, refundSlipBody, type ReceiptBill } from './payment-lines';
import { billOf } from '../services/visit-bill';
import { translate } from '../../../common/i18n/messages';
import { receipt80Html } from './templates-receipt80';
import type { PrintDelivery } from './print-delivery';
import type { PrintDocumentKind } from '../../../common/printing/destinations';

export type { PdfDocument } from './pdf-document';

// Also the KÖMİS sheet renderer the registration service asks for (its port, matched structurally: printing/
// never imports flows/).
export class PrintService {
  constructor(
    private readonly db: Db,
    private readonly auth: AuthService,
    private readonly renderer: PdfRenderer,
    /** Every print and reprint is an audit entry (a reprint is a copy: printNumber > 1). */
    private readonly audit: AuditPort,
    /** The printer and paper per document kind (issue 12, deliver 4); without it every document is a download on A4. */
    private readonly delivery: PrintDelivery | null = null,
  ) {}

  private language(lang?: Language): Language {
    return lang ?? this.auth.session().clerk?.language ?? this.auth.defaultLanguage();
  }

  private visit(visitId: string): VisitRow {
    return printableVisit(this.db, visitId);
  }

  private header(v: VisitRow): PrintHeader {
    return {
      office: this.auth.office() ?? '',
      desk: this.auth.desk() ?? '',
      visitNumber: v.number,
      visitId: v.id,
      date: v.created_at,
      clerkName: v.clerk_name,
      customer: identityLabel(toVisit(v).identity),
    };
  }

  private pdf(html: string, fileName: string): Promise<PdfDocument> {
    return renderPdf(this.renderer, html, fileName);
  }

  private printed(kind: PrintDocumentKind, html: string, fileName: string): Promise<PdfDocument> {
    return renderAndDeliver(this.renderer, this.delivery, kind, html, fileName);
  }

  /** The combined receipt of a visit: every operation, fees and total, a QR with the visit and operation ids. */
  async receipt(visitId: string, lang?: Language): Promise<PdfDocument> {
    const clerk = this.auth.requireClerk();
    const v = this.visit(visitId);
    const ops = listOperationsOfVisit(this.db, visitId).map(toOperation).filter((o) => o.status === 'completed');
    const language = this.language(lang);
    // The count is kept before rendering: a failed render of a reprint still makes the next one a copy.
    const printNumber = withTx(this.db, (tx) => {
      const n = countVisitPrint(tx, visitId);
      this.audit.append(tx, { kind: 'print.receipt', actor: clerk.id, details: { visitId, printNumber: n, language } });
      return n;
    });
    const sync = operationSyncStates(this.db, visitId);
    const states = ops.map((o) => sync.get(o.id) ?? 'final');
    const standing = { provisional: states.includes('provisional'), final: states.length > 0 && states.every((x) => x === 'final'), copy: printNumber > 1 };
    const principals = new Map<string, PowerOfAttorney['principal']>();
    for (const o of ops) {
      const poa = o.poaId ? findPoa(this.db, o.poaId) : null;
      if (poa?.principal_json) principals.set(o.id, toPoa(poa).principal);
    }
    const ctx = { principals, priceBands: this.priceBands(), standing, bill: this.bill(visitId) };
    const lines = ops.map((o) => asPaid(o, ctx.bill.bill));
    // The layout follows the paper chosen for receipts: the 80 mm roll or the A4 sheet.
    const html = this.delivery?.paperFor('receipt') === 'receipt80' ? await receipt80Html(language, this.header(v), lines, ctx) : await receiptHtml(language, this.header(v), lines, ctx);
    return this.printed('receipt', html, `receipt-${v.number}-${language}.pdf`);
  }

  /** The visit's bill as the receipt prints it (free_reasons labels for a waived fee). */
  private bill(visitId: string): ReceiptBill {
    const labels = new Map(
      listReferenceRows(this.db, 'free_reasons').flatMap((r) => {
        const parsed = referenceRowSchemas.free_reasons.safeParse(r);
        return parsed.success ? [[parsed.data.code, { az: parsed.data.labelAz, en: parsed.data.labelEn, ru: parsed.data.labelRu }] as const] : [];
      }),
    );
    return { bill: billOf(this.db, visitId), freeReasonLabels: labels };
  }

  /** The refund slip of a voided operation that had been paid: the customer signs that the money came back. */
  async refundSlip(operationId: string, lang?: Language): Promise<PdfDocument> {
    const clerk = this.auth.requireClerk();
    const row = findOperation(this.db, operationId);
    if (!row) throw new AppError(ErrorCode.NotFound, 'No such operation.');
    const v = this.visit(row.visit_id);
    const language = this.language(lang);
    const body = refundSlipBody(language, this.bill(v.id), operationId, headerBlock(language, this.header(v), await qrDataUri(JSON.stringify({ v: v.id, ops: [operationId] }))));
    if (!body) throw new AppError(ErrorCode.NotFound, 'This operation was not refunded.');
    withTx(this.db, (tx) => this.audit.append(tx, { kind: 'print.refundSlip', actor: clerk.id, details: { operationId, visitId: v.id, language } }));
    return this.pdf(page(language, translate(language, 'print.refundSlip'), body), `refund-${v.number}-${language}.pdf`);
  }

  /** The IMEI price bands as the desk holds them (a row that does not parse is left out: its code is printed). */
  private priceBands(): ReferenceRow<'imei_price_bands'>[] {
    return listReferenceRows(this.db, 'imei_price_bands').flatMap((r) => {
      const parsed = referenceRowSchemas.imei_price_bands.safeParse(r);
      return parsed.success ? [parsed.data] : [];
    });
  }

  async form(operationId: string, lang?: Language): Promise<PdfDocument> {
    const clerk = this.auth.requireClerk();
    const row = findOperation(this.db, operationId);
    if (!row) throw new AppError(ErrorCode.NotFound, 'No such operation.');
    const op = toOperation(row);
    const v = this.visit(op.visitId);
    const language = this.language(lang);
    withTx(this.db, (tx) => this.audit.append(tx, { kind: 'print.form', actor: clerk.id, details: { operationId, operationKind: op.kind, visitId: op.visitId, language } }));
    if (op.kind === 'komis.register') {
      const p = op.payload as { subscriberCode: string; accounts: Record<string, string> };
      return this.printed('komis', await komisSheetHtml(language, this.header(v), op, p.subscriberCode, null, p.accounts), `komis-${p.subscriberCode}-${language}.pdf`);
    }
    let actingFor: string | null = null;
    if (op.poaId) {
      const poa = findPoa(this.db, op.poaId);
      if (poa?.principal_json) actingFor = principalLabel(language, toPoa(poa).principal);
    }
    const printedOp = asPaid(op, billOf(this.db, v.id));
    return this.printed('form', await formHtml(language, this.header(v), printedOp, actingFor, { priceBands: this.priceBands() }), `form-${v.number}-${op.kind}-${language}.pdf`);
  }

  /** The only rendering that carries the clear one-time password. */
  async komisSheet(input: { operation: Operation; subscriberCode: string; password: string; accounts: Record<string, string>; language?: Language }): Promise<PdfDocument> {
    const v = this.visit(input.operation.visitId);
    const language = this.language(input.language);
    // The one-time password is printed, never logged: the entry names the operation only.
    withTx(this.db, (tx) => this.audit.append(tx, { kind: 'print.komisSheet', actor: input.operation.clerkId, details: { operationId: input.operation.id, visitId: v.id, language } }));
    return this.pdf(await komisSheetHtml(language, this.header(v), input.operation, input.subscriberCode, input.password, input.accounts), `komis-${input.subscriberCode}-${language}.pdf`);
  }
}
