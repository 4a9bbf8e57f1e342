// The walk-in flow services, built by compose.ts from the core services, the reference data and the card ports.
// Constructing them writes nothing: seeding the reference data is a start-up step of compose.ts.
import type { Db } from '../db/database';
import { AppError, ErrorCode } from '../../../common/errors';
import type { AuthService } from '../services/auth-service';
import type { Clock } from '../services/clock';
import type { Outbox } from '../services/outbox-port';
import type { EventBus } from '../services/event-bus';
import { FlowContext, type OfflineGuard } from './context';
import type { ReferenceService } from './reference-service';
import { PoaService } from './poa-service';
import { SimService } from './sim-service';
import { CertificateService } from './cert-service';
import { TokenService } from './token-service';
import { RegistrationService } from './registration-service';
import { PaymentService } from './payment-service';
import { ShiftService } from './shift-service';
import { StockService } from './stock-service';
import { ShiftReportPrinter } from '../printing/shift-report-printer';
import type { FlowPorts } from './ports';
import { deskOfficeType } from '../services/office-type';
import { OfflinePolicy, type CentralContactPort } from './offline-policy';
import type { VisitLifecycle } from '../services/visit-lifecycle';
import { Parameter } from '../../../common/domain/reference';
import { PrintService } from '../printing/print-service';
import { SlipService } from '../printing/slip-service';
import type { PdfRenderer } from '../printing/pdf-renderer';
import type { PrintDelivery } from '../printing/print-delivery';
import { listOperationsOfVisit, operationSyncStates, toOperation } from '../db/queries/operations';
import { findVisit, toVisit } from '../db/queries/visits';
import { personKey } from '../../../common/domain/rules/identity';
import { operationKinds, type OperationKind } from '../../../common/operations';
import { findPoa } from '../db/queries/poa';
import type { OfflineDecision } from '../../../common/domain/offline-policy';
import type { Operation } from '../../../common/ipc/channels/flows';
import type { AuditPort } from '../services/audit-log';

export interface FlowDeps {
  db: Db;
  auth: AuthService;
  clock: Clock;
  outbox: Outbox;
  bus: EventBus;
  /** Built before the flows: the sync worker applies pulled reference rows to it. */
  reference: ReferenceService;
  ports: FlowPorts;
  pdf: PdfRenderer;
  offline?: OfflineGuard;
  lifecycle?: VisitLifecycle;
  /** What the desk knows of the central office, for the per-kind offline policy (none: every kind allowed). */
  central?: CentralContactPort;
  /** The audit log: operations and prints are entries. */
  audit: AuditPort;
  /** Printer and paper per document kind (none: every document is downloaded, on A4). */
  printing?: PrintDelivery;
}

export class FlowServices {
  readonly context: FlowContext;
  readonly reference: ReferenceService;
  readonly poa: PoaService;
  readonly sim: SimService;
  readonly certificates: CertificateService;
  readonly tokens: TokenService;
  readonly registrations: RegistrationService;
  readonly print: PrintService;
  readonly slips: SlipService;
  readonly payments: PaymentService;
  readonly shifts: ShiftService;
  readonly stock: StockService;
  readonly shiftReports: ShiftReportPrinter;
  readonly offlinePolicy: OfflinePolicy | null;

  constructor(deps: FlowDeps) {
    const lifecycle = deps.lifecycle;
    const visitRules = lifecycle ? { lifecycle, identityMaxAgeHours: (today: string) => deps.reference.parameter(Parameter.VisitIdentityMaxAgeHours, today) } : null;
    this.offlinePolicy = deps.central ? new OfflinePolicy(deps.reference, deps.clock, deps.central, () => deskOfficeType(deps.db)) : null;
    this.shifts = new ShiftService(deps.db, deps.auth, deps.clock, deps.outbox, deps.audit);
    this.context = new FlowContext(deps.db, deps.auth, deps.clock, deps.outbox, deps.bus, deps.offline ?? null, visitRules, this.offlinePolicy, deps.audit, this.shifts);
    this.reference = deps.reference;
    this.poa = new PoaService(this.context, this.reference);
    this.stock = new StockService(deps.db, deps.auth, deps.clock, deps.outbox, deps.audit);
    this.shifts.onClose(this.stock.closeHook);
    this.sim = new SimService(this.context, this.reference, deps.ports.sim, this.stock);
    this.certificates = new CertificateService(this.context, this.reference, this.sim);
    this.tokens = new TokenService(this.context, this.reference, deps.ports.tokens);
    this.registrations = new RegistrationService(this.context, this.reference, this.sim);
    this.payments = new PaymentService(deps.db, deps.auth, deps.clock, deps.outbox, deps.bus, deps.reference, deps.audit, this.shifts);
    this.shiftReports = new ShiftReportPrinter(deps.db, deps.auth, deps.pdf, deps.audit, deps.printing ?? null);
    this.print = new PrintService(deps.db, deps.auth, deps.pdf, deps.audit, deps.printing ?? null);
    this.slips = new SlipService(deps.db, deps.auth, deps.pdf, deps.audit, this.reference, deps.clock);
  }

  /** See OfflinePolicy.prepare: the subject as the frame will find it (the visit's person, or the POA's principal). */
  async prepareOperation(input: { visitId: string; actingFor?: { poaId: string } }, kind: OperationKind): Promise<void> {
    if (!this.offlinePolicy) return;
    const row = findVisit(this.context.db, input.visitId);
    if (!row) return; // the frame says so
    const principal = input.actingFor ? findPoa(this.context.db, input.actingFor.poaId)?.principal_key : null;
    await this.offlinePolicy.prepare(kind, principal || personKey(toVisit(row).identity));
  }

  /** Every kind's offline verdict for the visit's customer (all allowed where no policy is wired: no sync). */
  async offlinePolicyOf(visitId: string): Promise<Record<string, OfflineDecision>> {
    this.context.auth.requireClerk();
    const row = findVisit(this.context.db, visitId);
    if (!row) throw new AppError(ErrorCode.NotFound, 'No such visit.');
    const subject = personKey(toVisit(row).identity);
    if (this.offlinePolicy) return this.offlinePolicy.forSubject(subject);
    const allowed: OfflineDecision = { mode: 'allowed', maxAgeHours: null, allowed: true, refusal: null, checkedAt: null };
    return Object.fromEntries(operationKinds.map((k) => [k, allowed]));
  }

  operationsOfVisit(visitId: string): Operation[] {
    this.context.auth.requireClerk();
    if (!findVisit(this.context.db, visitId)) throw new AppError(ErrorCode.NotFound, 'No such visit.');
    const sync = operationSyncStates(this.context.db, visitId);
    return listOperationsOfVisit(this.context.db, visitId).map((r) => ({ ...toOperation(r), sync: sync.get(r.id) ?? 'final' }));
  }
}
