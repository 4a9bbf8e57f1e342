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
import type { FlowPorts } from './ports';
import type { VisitLifecycle } from '../services/visit-lifecycle';
import { Parameter } from '../../../common/domain/reference';
import { PrintService } from '../printing/print-service';
import type { PdfRenderer } from '../printing/pdf-renderer';
import { listOperationsOfVisit, operationSyncStates, toOperation } from '../db/queries/operations';
import { findVisit } from '../db/queries/visits';
import type { Operation } from '../../../common/ipc/channels/flows';

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

  constructor(deps: FlowDeps) {
    const lifecycle = deps.lifecycle;
    const visitRules = lifecycle ? { lifecycle, identityMaxAgeHours: (today: string) => deps.reference.parameter(Parameter.VisitIdentityMaxAgeHours, today) } : null;
    this.context = new FlowContext(deps.db, deps.auth, deps.clock, deps.outbox, deps.bus, deps.offline ?? null, visitRules);
    this.reference = deps.reference;
    this.poa = new PoaService(this.context, this.reference);
    this.sim = new SimService(this.context, this.reference, deps.ports.sim);
    this.certificates = new CertificateService(this.context, this.reference, this.sim);
    this.tokens = new TokenService(this.context, this.reference, deps.ports.tokens);
    this.registrations = new RegistrationService(this.context, this.reference, this.sim);
    this.print = new PrintService(deps.db, deps.auth, deps.pdf);
  }

  operationsOfVisit(visitId: string): Operation[] {
    this.context.auth.requireClerk();
    if (!findVisit(this.context.db, visitId)) throw new AppError(ErrorCode.NotFound, 'No such visit.');
    const sync = operationSyncStates(this.context.db, visitId);
    return listOperationsOfVisit(this.context.db, visitId).map((r) => ({ ...toOperation(r), sync: sync.get(r.id) ?? 'final' }));
  }
}
