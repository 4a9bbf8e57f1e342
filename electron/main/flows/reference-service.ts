// Reference data on the desk: seeded from the shipped defaults on first run, replaced by supervisors
// (reference:update) and kept current by sync (apply/upsertFromSync, the sync area's ReferenceDataSink).
// Flows read the values in force today through the typed getters; a missing value is an error, never a constant.
import { withTx, type Db, type WritableDb } from '../db/database';
import { AppError, ErrorCode } from '../../../common/errors';
import { uuidv7 } from '../../../common/ids';
import { localIsoDate } from '../../../common/domain/dates';
import {
  defaultReferenceFiles,
  effectiveRow,
  effectiveRows,
  parseReferenceRows,
  referenceRowSchemas,
  referenceTables,
  rowIdOf,
  type CertHolder,
  type CertType,
  type DocumentCode,
  type ReferenceRow,
  type ReferenceTable,
} from '../../../common/domain/reference';
import { feeRowFor, isViolation, missingReference } from '../../../common/domain/rules/fees';
import { applyOfficeProfile, deskOfficeType } from '../services/office-type';
import { applyOfficeStock } from './office-stock';
import type { Change } from '../../../common/sync/protocol';
import {
  deleteReferenceRow,
  deleteReferenceRows,
  findReferenceTable,
  listReferenceRows,
  listReferenceTables,
  upsertReferenceRow,
  upsertReferenceTable,
} from '../db/queries/reference';
import { findPoa, insertRevokedPoaPlaceholder, revokePoa } from '../db/queries/poa';
import { restoreSim, retireSim } from '../db/queries/sim';
import type { Clock } from '../services/clock';
import type { Outbox } from '../services/outbox-port';
import type { EventBus } from '../services/event-bus';
import type { AuthService } from '../services/auth-service';
import { throwIf } from './context';
import { applyCentralRecord } from './central-records';
import type { AuditPort } from '../services/audit-log';

export interface ReferenceTableView {
  table: ReferenceTable;
  version: number;
  updatedAt: string;
  source: string;
  rows: Record<string, unknown>[];
}

function isReferenceTable(name: string): name is ReferenceTable {
  return (referenceTables as string[]).includes(name);
}

export class ReferenceService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly auth: AuthService,
    private readonly outbox: Outbox,
    private readonly bus: EventBus,
    /** A supervisor's edit is an audit entry (pulled tables are the central office's, not logged here). */
    private readonly audit: AuditPort,
  ) {}

  /**
   * First run, and after an application update: load the shipped defaults for tables the desk does not have yet,
   * or still holds as older shipped defaults. Tables edited by a supervisor or synced from the server are kept.
   */
  seedDefaults(): ReferenceTable[] {
    const seeded: ReferenceTable[] = [];
    const now = this.clock.now().toISOString();
    withTx(this.db, (tx) => {
      for (const file of defaultReferenceFiles()) {
        const held = findReferenceTable(tx, file.table);
        if (held && (held.source !== 'default' || held.version >= file.version)) continue;
        if (held) deleteReferenceRows(tx, file.table);
        const { rows } = parseReferenceRows(file.table, file.rows);
        upsertReferenceTable(tx, { name: file.table, version: file.version, updated_at: now, source: 'default' });
        for (const r of rows) upsertReferenceRow(tx, { table: file.table, rowKey: rowIdOf(r), validFrom: r.validFrom, validTo: r.validTo, data: r });
        seeded.push(file.table);
      }
    });
    return seeded;
  }

  list(table?: ReferenceTable): ReferenceTableView[] {
    return listReferenceTables(this.db)
      .filter((t) => isReferenceTable(t.name) && (!table || t.name === table))
      .map((t) => ({ table: t.name as ReferenceTable, version: t.version, updatedAt: t.updated_at, source: t.source, rows: listReferenceRows(this.db, t.name) }));
  }

  rows<T extends ReferenceTable>(table: T): ReferenceRow<T>[] {
    const schema = referenceRowSchemas[table];
    // Rows were validated when stored; a row that no longer parses (e.g. a newer server's extra shape) is skipped.
    return listReferenceRows(this.db, table).flatMap((r) => {
      const p = schema.safeParse(r);
      return p.success ? [p.data as ReferenceRow<T>] : [];
    });
  }

  /** A supervisor replaces a table's rows (all periods). Validated; version bumped; queued for the server. */
  update(table: ReferenceTable, rawRows: readonly unknown[]): ReferenceTableView {
    const supervisor = this.auth.requireSupervisor();
    const { rows, errors } = parseReferenceRows(table, rawRows);
    if (Object.keys(errors).length > 0) throw new AppError(ErrorCode.InvalidInput, `The ${table} rows have errors.`, { fields: errors });
    const now = this.clock.now().toISOString();
    const version = (findReferenceTable(this.db, table)?.version ?? 0) + 1;
    withTx(this.db, (tx) => {
      deleteReferenceRows(tx, table);
      for (const r of rows) upsertReferenceRow(tx, { table, rowKey: rowIdOf(r), validFrom: r.validFrom, validTo: r.validTo, data: r });
      upsertReferenceTable(tx, { name: table, version, updated_at: now, source: 'local' });
      const id = uuidv7(this.clock.now().getTime());
      this.outbox.enqueue(tx, { id, kind: 'reference.update', subject: `reference:${table}`, payload: { table, version, rows, supervisorId: supervisor.id } });
      this.audit.append(tx, { kind: 'reference.update', actor: supervisor.id, details: { table, version, rows: rows.length } });
    });
    this.bus.emit('reference:changed', { table, version });
    return this.list(table)[0];
  }

  /**
   * The sync area's ReferenceDataSink: called inside the transaction that applies a pulled page, after its version
   * check, once per accepted change. Handles reference tables, central POA revocations and retired ICCIDs.
   */
  apply(tx: WritableDb, change: Change): void {
    if (applyCentralRecord(tx, change)) return;
    if (applyOfficeProfile(tx, change)) return;
    if (applyOfficeStock(tx, change)) return;
    if (change.table === 'poa_revocations') {
      if (change.op !== 'upsert' || !change.row) return;
      const poaId = String(change.row.poaId ?? change.key);
      const at = String(change.row.revokedAt ?? this.clock.now().toISOString());
      const reason = String(change.row.reason ?? 'revoked centrally');
      if (findPoa(tx, poaId)) revokePoa(tx, poaId, at, reason, 'central');
      else insertRevokedPoaPlaceholder(tx, poaId, at, reason);
      return;
    }
    if (change.table === 'retired_iccids') {
      if (change.op !== 'upsert' || !change.row) return;
      const iccid = String(change.row.iccid ?? change.key);
      // A voided SIM duplicate un-retired it centrally (server/store/voids.ts).
      if (change.row.restoredAt) return restoreSim(tx, { iccid });
      retireSim(tx, { iccid, msisdn: '', subject: '', retiredAt: String(change.row.retiredAt ?? this.clock.now().toISOString()) });
      return;
    }
    if (!isReferenceTable(change.table)) return;
    this.upsertFromSync(tx, change.table, change.op === 'delete' ? [{ key: change.key, row: null }] : [{ key: change.key, row: change.row }]);
  }

  /** Applies central rows of one table in the caller's transaction; `row: null` deletes. Invalid rows are skipped (logged), never half-applied. */
  upsertFromSync(tx: WritableDb, table: ReferenceTable, changes: readonly { key: string; row: Record<string, unknown> | null }[]): number {
    let applied = 0;
    // The table's own row first: its rows reference it, and a table only the server publishes (office_operations)
    // has none yet on a desk that never held it.
    const t = findReferenceTable(tx, table);
    upsertReferenceTable(tx, { name: table, version: (t?.version ?? 0) + 1, updated_at: this.clock.now().toISOString(), source: 'sync' });
    for (const c of changes) {
      if (c.row === null) {
        deleteReferenceRow(tx, table, c.key);
        applied++;
        continue;
      }
      const parsed = referenceRowSchemas[table].safeParse(c.row);
      if (!parsed.success) {
        console.error(`masa: reference row ${table}/${c.key} from the server is invalid; skipped: ${parsed.error.message}`);
        continue;
      }
      const r = parsed.data as ReferenceRow<typeof table>;
      upsertReferenceRow(tx, { table, rowKey: c.key, validFrom: r.validFrom, validTo: r.validTo, data: r });
      applied++;
    }
    return applied;
  }

  private today(date?: string): string {
    return date ?? localIsoDate(this.clock.now());
  }

  /** The fee of `code` for a SIM of `operator` (when the fee depends on it) at this desk's office type. */
  fee(code: string, date?: string, operator?: string | null): number {
    const r = feeRowFor(this.rows('fees'), code, this.today(date), { operator: operator ?? null, officeType: deskOfficeType(this.db) });
    if (isViolation(r)) throwIf(r);
    return (r as ReferenceRow<'fees'>).amountMinor;
  }

  parameter(code: string, date?: string): number {
    const d = this.today(date);
    const r = effectiveRow(this.rows('parameters'), code, d);
    if (!r) throwIf(missingReference('parameters', code, d));
    return r!.value;
  }

  asanTariff(type: CertType, date?: string): ReferenceRow<'asan_tariffs'> {
    const d = this.today(date);
    const r = effectiveRow(this.rows('asan_tariffs'), type, d);
    if (!r) throwIf(missingReference('asan_tariffs', type, d));
    return r!;
  }

  requiredDocuments(certType: CertType, holder: CertHolder, date?: string): DocumentCode[] | null {
    const rows = effectiveRows(this.rows('document_requirements'), this.today(date));
    return rows.find((r) => r.certType === certType && r.holder === holder)?.documents ?? null;
  }

  mobilePrefixes(date?: string): string[] {
    return effectiveRows(this.rows('mobile_prefixes'), this.today(date)).map((r) => r.code);
  }

  mobilePrefixOperators(date?: string): { prefix: string; operator: string }[] {
    return effectiveRows(this.rows('mobile_prefixes'), this.today(date)).map((r) => ({ prefix: r.code, operator: r.operator }));
  }

  iccidIssuers(date?: string): { prefix: string; operator: string }[] {
    return effectiveRows(this.rows('iccid_issuers'), this.today(date)).map((r) => ({ prefix: r.code, operator: r.operator }));
  }

  imeiBands(): ReferenceRow<'imei_price_bands'>[] {
    return this.rows('imei_price_bands');
  }
}
