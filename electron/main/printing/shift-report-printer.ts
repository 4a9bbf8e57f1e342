// Prints the X-report (the open shift's totals so far) and the Z-report (a closed shift's), audited as
// print.shiftReport. They go to the receipt printer and its paper (A4 or the 80 mm roll) when one is chosen.
import { withTx, type Db } from '../db/database';
import type { Language } from '../../../common/i18n/languages';
import type { ShiftReport } from '../../../common/ipc/channels/shifts';
import type { AuthService } from '../services/auth-service';
import type { AuditPort } from '../services/audit-log';
import type { PdfRenderer } from './pdf-renderer';
import type { PrintDelivery } from './print-delivery';
import { renderAndDeliver, type PdfDocument } from './pdf-document';
import { shiftReportHtml } from './templates-shift';
import { countShiftReportPrints } from '../db/queries/audit';

export class ShiftReportPrinter {
  constructor(
    private readonly db: Db,
    private readonly auth: AuthService,
    private readonly renderer: PdfRenderer,
    private readonly audit: AuditPort,
    private readonly delivery: PrintDelivery | null = null,
  ) {}

  async print(kind: 'x' | 'z', report: ShiftReport, lang?: Language): Promise<PdfDocument> {
    const clerk = this.auth.requireClerk();
    const language = lang ?? clerk.language ?? this.auth.defaultLanguage();
    const paper = this.delivery?.paperFor('receipt') ?? 'a4';
    // A closed shift's Z-report printed again says "Copy", like a reprinted receipt (the first print is the original).
    const copy = kind === 'z' && countShiftReportPrints(this.db, report.shift.id, 'z') > 0;
    const html = shiftReportHtml(language, kind, report, { office: this.auth.office() ?? '', desk: this.auth.desk() ?? '' }, paper, copy);
    withTx(this.db, (tx) => this.audit.append(tx, { kind: 'print.shiftReport', actor: clerk.id, details: { shiftId: report.shift.id, report: kind, language } }));
    const fileName = `${kind}-report-${report.until.slice(0, 10)}-${language}.pdf`;
    // The receipt printer and its paper: the reports are the till's slips.
    return renderAndDeliver(this.renderer, this.delivery, 'receipt', html, fileName);
  }
}
