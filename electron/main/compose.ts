// The one place that builds the main-process services. Electron's index.ts, the browser host and the CLI
// all call composeServices(), so every host runs the same code against the same data folder.
// Services never import `electron`: whatever they need from the host comes in as a port here.
// Everything is built in dependency order (no service is patched in after construction), constructors write
// nothing, and the start-up steps (seed reference data, watch card readers, start syncing) come last, in the open.
import type { Db } from './db/database';
import { openDatabaseReporting } from './db/database';
import type { KeyStore, KeyStoreChoice } from './db/key-store';
import type { DatabaseKeyReport } from './db/database-key';
import { EventBus } from './services/event-bus';
import { systemClock, type Clock } from './services/clock';
import { AuthService } from './services/auth-service';
import { VisitService } from './services/visit-service';
import { VisitLifecycle } from './services/visit-lifecycle';
import { StatusService } from './services/status-service';
import type { Outbox } from './services/outbox-port';
import { SqliteOutbox } from './sync/outbox';
import { SyncService } from './sync/sync-service';
import type { SyncWorkerOptions } from './sync/sync-worker';
import { createDispatcher, type Dispatch } from './ipc/dispatcher';
import { FlowServices } from './flows';
import type { FlowPorts } from './flows/ports';
import { ReferenceService } from './flows/reference-service';
import { ChromiumPdfRenderer, type PdfRenderer } from './printing/pdf-renderer';
import { PrintSettings } from './printing/print-settings';
import { PrintDelivery } from './printing/print-delivery';
import { CupsPrinterPort } from './printing/cups-printer';
import type { PrinterPort } from './printing/printer-port';
import { allHandlers } from './ipc/handlers';
import type { CardService, CardsStatus } from './cards/card-service';
import type { TokenPort } from './cards/token-port';
import type { IdChipReader } from './cards/icao/id-reader';
import { composeCards } from './compose-cards';
import { ReaderSettings } from './services/reader-settings';
import { CustomerReplica } from './customers/replica';
import { CustomerService } from './customers/customer-service';
import { serverCustomerPort } from './customers/server-port';
import { centralContact } from './sync/central-contact';
import { ChipReads, type IdChipPort } from './services/chip-reads';
import { AuditLog } from './services/audit-log';
import { PersonalDataRetention } from './services/personal-data-retention';
import { centralTrust } from './cards/icao/trust-source';
import { listCentralRows } from './db/queries/central_rows';
import { TRUST_TABLE } from '../../node-common/icao-trust-rows';
import type { AppState } from '../../common/ipc/channels/app';
import packageJson from '../../package.json';

export type HostKind = 'electron' | 'browser' | 'cli';

export interface ComposeOptions {
  dataDir: string;
  host: HostKind;
  clock?: Clock;
  /** Hex database key, bypassing the key stores; by default the OS keystore (db/database-key.ts). */
  databaseKey?: string;
  /** The host's OS keystore for the database key: Electron passes safeStorage's; default the OS keyring. */
  keyStore?: KeyStore | null;
  /** Default $MASA_DB_KEY_STORE: "file" asks for the key file fallback, "keystore" forbids it. */
  keyStoreChoice?: KeyStoreChoice;
  /** Start hardware watchers (PC/SC). The CLI's one-shot commands and unit tests pass false. */
  hardware?: boolean;
  /** Sync worker tuning (tests use short timeouts and backoff). */
  sync?: SyncWorkerOptions;
  /** Run the sync worker in the background; default: Electron and browser host yes, CLI no (it syncs on demand). */
  backgroundSync?: boolean;
  /** Card-service ports for the flows (SIM ICCID reads, e-İmza tokens); tests pass fakes. */
  flowPorts?: Partial<FlowPorts>;
  /** The ID chip reader instead of the card stack's (an in-process chip in tests). */
  idChip?: IdChipPort;
  /** HTML → PDF; Electron passes a printToPDF-based renderer, the others default to headless Chromium. */
  pdfRenderer?: PdfRenderer;
  /** The system's printers: Electron passes its silent-print port; the others default to CUPS (lp/lpstat). */
  printer?: PrinterPort | null;
  /** PKCS#11 module for e-İmza tokens; default $MASA_PKCS11_MODULE, else the first known module installed. */
  pkcs11Module?: string;
  /** Folder of trusted CSCA certificates for passive authentication; default $MASA_CSCA_DIR (none → "not checked"). */
  cscaDirectory?: string;
  /**
   * scrypt's N for clerk passwords; default 2^17. Only the test desks lower it (the suite signs in hundreds of
   * times); no host reads it from the environment, so a production desk always hashes at full cost.
   */
  passwordCost?: number;
}

/** What the hosts (Electron, browser host, CLI) and the tests use. */
export interface Services {
  readonly version: string;
  readonly host: HostKind;
  readonly dataDir: string;
  readonly db: Db;
  /** Where the database key came from (a fallback to the key file carries a warning the hosts print). */
  readonly databaseKey: DatabaseKeyReport;
  readonly bus: EventBus;
  readonly clock: Clock;
  readonly auth: AuthService;
  readonly visits: VisitService;
  readonly status: StatusService;
  readonly outbox: Outbox;
  readonly sync: SyncService;
  readonly flows: FlowServices;
  /** Customers across offices: look-up (server, else the replica), search, the replica's retention. */
  readonly customers: CustomerService;
  /** Purges synced visits' personal details and POA scans after the retention period (CLI: masa retention purge). */
  readonly retention: PersonalDataRetention;
  readonly cards: CardService;
  /** The e-İmza token port (PIN cards, then PKCS#11 tokens), as the flows use it. */
  readonly tokens: TokenPort;
  readonly idChip: IdChipReader;
  /** Chip reads kept in main for the visits they identify. */
  readonly chipReads: ChipReads;
  /** The desk's hash-chained audit log: every service that records a fact appends to it in the fact's transaction. */
  readonly audit: AuditLog;
  /** Every IPC channel: validation, access check, the handler, the output contract. */
  readonly dispatch: Dispatch;
  appState(): AppState;
  close(): Promise<void>;
}

/** The status bar's card kinds: each reader holding a card of a kind found. */
function cardKinds(snapshot: CardsStatus): { reader: string; kind: NonNullable<CardsStatus['readers'][number]['kind']> }[] {
  return snapshot.readers.flatMap((r) => (r.cardPresent && r.kind ? [{ reader: r.name, kind: r.kind }] : []));
}

export function composeServices(options: ComposeOptions): Services {
  const clock = options.clock ?? systemClock;
  const { db, key: databaseKey } = openDatabaseReporting({ dataDir: options.dataDir, key: options.databaseKey, keyStore: options.keyStore, keyStoreChoice: options.keyStoreChoice });
  const bus = new EventBus();
  const audit = new AuditLog(db, clock);
  const status = new StatusService(bus);
  const auth = new AuthService(db, bus, clock, { passwordCost: options.passwordCost, audit });
  const outbox = new SqliteOutbox(clock);
  // Reference data (tariffs, fees, ICCID issuer prefixes, POA revocations…) is both edited here and pulled by sync.
  const reference = new ReferenceService(db, clock, auth, outbox, bus, audit);
  // The customer replica keeps pulled activity records and notes when the server last spoke of a customer; the
  // reference service keeps the flows' tables (POAs, certificates, reference data) in the same transaction.
  const replica = new CustomerReplica(db, clock);
  // Visits' personal details and POA scans leave the desk once synced and older than the period (docs/security.md).
  const retention = new PersonalDataRetention(db, clock, audit);
  // The desk's named ID and SIM readers; a change re-publishes the readers' kinds (the card stack is built below).
  const readerSettings = new ReaderSettings(db, audit, () => cardStack.cards.namedReadersChanged());
  const sync = new SyncService(db, clock, status, bus, auth, outbox, audit, {
    sink: {
      apply: (d, c) => {
        replica.apply(d, c);
        if (c.table === 'clerks') auth.applyCentralClerk(d, c);
        else reference.apply(d, c);
      },
    },
    afterPull: () => {
      replica.pruneIfDue();
      retention.purgeIfDue();
    },
    appVersion: packageJson.version,
    ...options.sync,
  });
  const lifecycle = new VisitLifecycle(db, auth, clock, outbox, bus);
  const pdf = options.pdfRenderer ?? new ChromiumPdfRenderer();
  // Printer and paper per document kind (Settings); a failed print falls back to the PDF download.
  const printSettings = new PrintSettings(db, audit);
  const printing = new PrintDelivery(printSettings, options.printer === undefined ? new CupsPrinterPort() : options.printer, (m) => console.warn(m));
  // The card service publishes full snapshots; the status bar shows whether pcscd answers and how many readers.
  const cardStack = composeCards({
    emit: (event, snapshot) => {
      bus.emit(event, snapshot);
      status.setCards(snapshot.serviceRunning ? 'running' : 'not-running', snapshot.readers.length, cardKinds(snapshot));
    },
    issuers: () => reference.iccidIssuers(),
    pkcs11Module: options.pkcs11Module,
    cscaDirectory: options.cscaDirectory,
    // The ICAO trust list the server distributes (masa-server trust …), as pulled into central_rows.
    trust: centralTrust(() => listCentralRows(db, TRUST_TABLE)),
    now: () => clock.now(),
    namedReaders: () => readerSettings.current(),
  });
  const ports: FlowPorts = { sim: cardStack.sim, tokens: cardStack.tokens, ...options.flowPorts };
  // Chip reads stay in main: a visit by chip names a read kept here (hole 1 of issue 10).
  const chipReads = new ChipReads(auth, clock, options.idChip ?? cardStack.idChip);
  const visits = new VisitService(db, auth, clock, outbox, bus, lifecycle, chipReads, audit);
  // The per-kind offline policy asks the customer replica (built below) when the server last spoke of a customer.
  const central = centralContact({ worker: sync.worker, heardAt: (key) => replica.customer(key)?.heard_at ?? null, lookUp: (key) => customers.summary(key), now: () => clock.now() });
  const flows = new FlowServices({ db, auth, clock, outbox, bus, reference, pdf, offline: sync, ports, lifecycle, central, audit, printing });
  const customers = new CustomerService(db, clock, replica, serverCustomerPort(sync.worker), reference, auth, audit);
  const appState = (): AppState => ({
    version: packageJson.version,
    setUp: auth.isSetUp(),
    office: auth.office(),
    desk: auth.desk(),
    defaultLanguage: auth.defaultLanguage(),
    session: auth.session(),
    host: options.host === 'electron' ? 'electron' : 'browser',
  });
  const dispatch = createDispatcher(allHandlers({ auth, status, appState, visits, flows, customers, sync, cards: cardStack.cards, readerSettings, idChip: chipReads, bus, audit, retention, printing, printSettings }), auth);

  // Start-up steps.
  reference.seedDefaults();
  replica.prune();
  retention.purge();
  if (options.hardware) {
    cardStack.start();
    // The service only emits changes: a machine without pcscd starts "not running" and stays silent about it.
    const first = cardStack.cards.status();
    status.setCards(first.serviceRunning ? 'running' : 'not-running', first.readers.length, cardKinds(first));
  }
  if (options.backgroundSync ?? options.host !== 'cli') sync.start();

  return {
    version: packageJson.version,
    host: options.host,
    dataDir: options.dataDir,
    db,
    databaseKey,
    bus,
    clock,
    auth,
    visits,
    status,
    outbox,
    sync,
    flows,
    customers,
    retention,
    cards: cardStack.cards,
    tokens: ports.tokens,
    idChip: cardStack.idChip,
    chipReads,
    audit,
    dispatch,
    appState,
    close: async () => {
      cardStack.close();
      await pdf.close();
      await sync.stop();
      db.close();
    },
  };
}
