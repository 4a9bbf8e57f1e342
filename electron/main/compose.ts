// The one place that builds the main-process services. Electron's index.ts, the browser host and the CLI
// all call composeServices(), so every host runs the same code against the same data folder.
// Services never import `electron`: whatever they need from the host comes in as a port here.
import type { Db } from './db/database';
import { openDatabase } from './db/database';
import { EventBus } from './services/event-bus';
import { systemClock, type Clock } from './services/clock';
import { AuthService } from './services/auth-service';
import { VisitService } from './services/visit-service';
import { StatusService } from './services/status-service';
import type { Outbox } from './services/outbox-port';
import { SyncService } from './sync/sync-service';
import type { SyncWorkerOptions } from './sync/sync-worker';
import { createDispatcher, type Dispatch } from './ipc/dispatcher';
import { FlowServices } from './flows';
import type { FlowPorts } from './flows/ports';
import { ChromiumPdfRenderer, type PdfRenderer } from './printing/pdf-renderer';
import type { ReferenceService } from './flows/reference-service';
import { allHandlers } from './ipc/handlers';
import { CardService } from './cards/card-service';
import { TokenService } from './cards/tokens';
import { SimReader } from './cards/sim';
import { IdChipReader } from './cards/icao/id-reader';
import { idCardWithCard } from './cards/icao/id-card-port';
import { CardServiceSimSource, PinCardTokenPort } from './flows/card-ports';
import type { AppState } from '../../common/ipc/channels/app';
import packageJson from '../../package.json';

export type HostKind = 'electron' | 'browser' | 'cli';

export interface ComposeOptions {
  dataDir: string;
  host: HostKind;
  clock?: Clock;
  /** Hex database key; by default the key file in the data folder. */
  databaseKey?: string;
  /** Start hardware watchers (PC/SC). The CLI's one-shot commands and unit tests pass false. */
  hardware?: boolean;
  /** Sync worker tuning (tests use short timeouts and backoff). */
  sync?: SyncWorkerOptions;
  /** Run the sync worker in the background; default: Electron and browser host yes, CLI no (it syncs on demand). */
  backgroundSync?: boolean;
  /** Card-service ports for the flows (SIM ICCID reads, e-İmza tokens); tests pass fakes. */
  flowPorts?: Partial<FlowPorts>;
  /** HTML → PDF; Electron passes a printToPDF-based renderer, the others default to headless Chromium. */
  pdfRenderer?: PdfRenderer;
  /** PKCS#11 module for e-İmza tokens; default $MASA_PKCS11_MODULE, else the first known module installed. */
  pkcs11Module?: string;
  /** Folder of trusted CSCA certificates for passive authentication; default $MASA_CSCA_DIR (none → "not checked"). */
  cscaDirectory?: string;
}

export interface Services {
  readonly version: string;
  readonly host: HostKind;
  readonly dataDir: string;
  readonly db: Db;
  readonly bus: EventBus;
  readonly clock: Clock;
  readonly auth: AuthService;
  readonly visits: VisitService;
  readonly status: StatusService;
  readonly outbox: Outbox;
  readonly sync: SyncService;
  readonly flows: FlowServices;
  readonly cards: CardService;
  readonly tokens: TokenService;
  readonly simReader: SimReader;
  readonly idChip: IdChipReader;
  readonly dispatch: Dispatch;
  appState(): AppState;
  close(): Promise<void>;
}

export function composeServices(options: ComposeOptions): Services {
  const clock = options.clock ?? systemClock;
  const db = openDatabase({ dataDir: options.dataDir, key: options.databaseKey });
  const bus = new EventBus();
  const status = new StatusService(bus);
  const auth = new AuthService(db, bus, clock);
  // Pulled reference data, POA revocations and retired ICCIDs go to the flows' reference service (made below).
  let referenceSink: ReferenceService | null = null;
  const sync = new SyncService(db, clock, status, bus, auth, {
    sink: {
      apply: (d, c) => {
        if (c.table === 'clerks') auth.applyCentralClerk(d, c);
        else referenceSink?.apply(d, c);
      },
    },
    ...options.sync,
  });
  const outbox: Outbox = sync.outbox;
  const visits = new VisitService(db, auth, clock, outbox, bus);
  const pdf = options.pdfRenderer ?? new ChromiumPdfRenderer();
  // The card service publishes full snapshots; the status bar shows whether pcscd answers and how many readers.
  const cards = new CardService({
    emit: (event, snapshot) => {
      bus.emit(event, snapshot);
      status.setCards(snapshot.serviceRunning ? 'running' : 'not-running', snapshot.readers.length);
    },
  });
  const tokens = new TokenService({ modulePath: options.pkcs11Module ?? process.env.MASA_PKCS11_MODULE });
  // Reference data (synced down) decides ICCID issuer prefixes and PIN try limits; read lazily, after flows exist.
  let flowsRef: FlowServices | null = null;
  const issuers = () => flowsRef?.reference.iccidIssuers() ?? [];
  const flows = new FlowServices({
    db, auth, clock, outbox, bus, pdf, offline: sync,
    ports: {
      sim: new CardServiceSimSource(cards, issuers),
      tokens: new PinCardTokenPort(cards, () => flowsRef?.reference.parameter('eimza.token.pinTries') ?? 10),
      ...options.flowPorts,
    },
  });
  flowsRef = flows;
  referenceSink = flows.reference;
  const simReader = new SimReader(issuers);
  const cscaDirectory = options.cscaDirectory ?? process.env.MASA_CSCA_DIR;
  const idChip = new IdChipReader({ withCard: idCardWithCard(cards), cscaDirectory: () => cscaDirectory ?? null, now: () => clock.now() });
  if (options.hardware) {
    cards.start();
    // The service only emits changes: a machine without pcscd starts "not running" and stays silent about it.
    const first = cards.status();
    status.setCards(first.serviceRunning ? 'running' : 'not-running', first.readers.length);
  }
  const closers: (() => Promise<void> | void)[] = [];
  if (options.backgroundSync ?? options.host !== 'cli') sync.start();
  closers.push(() => sync.stop());
  closers.push(() => pdf.close());
  closers.push(() => cards.stop());
  closers.push(() => tokens.close());

  const services: Services = {
    version: packageJson.version,
    host: options.host,
    dataDir: options.dataDir,
    db,
    bus,
    clock,
    auth,
    visits,
    status,
    outbox,
    sync,
    flows,
    cards,
    tokens,
    simReader,
    idChip,
    dispatch: null as unknown as Dispatch,
    appState: () => ({
      version: packageJson.version,
      setUp: auth.isSetUp(),
      office: auth.office(),
      desk: auth.desk(),
      defaultLanguage: auth.defaultLanguage(),
      session: auth.session(),
      host: options.host === 'electron' ? 'electron' : 'browser',
    }),
    close: async () => {
      for (const c of closers.reverse()) await c();
      db.close();
    },
  };
  (services as { dispatch: Dispatch }).dispatch = createDispatcher(allHandlers(services), auth);
  return services;
}
