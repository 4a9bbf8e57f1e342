import type { ReadableDb, WritableDb } from '../database';
import { languages, type Language } from '../../../../common/i18n/languages';

/** Every desk setting with the type of its value. Callers name a setting; the stored key is in SETTINGS only. */
export interface Settings {
  office: string;
  desk: string;
  defaultLanguage: Language;
  idleLockMinutes: number;
  offlineWarnHours: number;
  offlineApprovalHours: number;
  pendingWarn: number;
  pendingApproval: number;
  /** Days after which customers the office has not seen leave the replica (issue 9). */
  replicaRetentionDays: number;
  /** Days after which a synced visit's identity and POA scans are purged from the desk (issue 10, deliver 11). */
  personalDataRetentionDays: number;
  /** The desk's ID reader and SIM reader by PC/SC reader name (issue 11, deliver 1); unset: chosen by the cards. */
  idReader: string;
  simReader: string;
  /** Per document kind the printer and paper (JSON of common/printing/destinations.ts; issue 12, deliver 4). */
  printDestinations: string;
}

export type SettingName = keyof Settings;

const text = (v: string): string => v;
const number = (v: string): number | null => (v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);
/** Empty text is "no reader named" (a cleared setting). */
const name = (v: string): string | null => (v === '' ? null : v);
const language = (v: string): Language | null => ((languages as readonly string[]).includes(v) ? (v as Language) : null);

/** The stored key of each setting (the `settings` table holds text) and how its text reads back; unreadable text reads as unset. */
const SETTINGS: { [N in SettingName]: { key: string; read: (value: string) => Settings[N] | null } } = {
  office: { key: 'office', read: text },
  desk: { key: 'desk', read: text },
  defaultLanguage: { key: 'default_language', read: language },
  idleLockMinutes: { key: 'idle_lock_minutes', read: number },
  offlineWarnHours: { key: 'sync.offline_warn_hours', read: number },
  offlineApprovalHours: { key: 'sync.offline_approval_hours', read: number },
  pendingWarn: { key: 'sync.pending_warn', read: number },
  pendingApproval: { key: 'sync.pending_approval', read: number },
  replicaRetentionDays: { key: 'replica.retention_days', read: number },
  personalDataRetentionDays: { key: 'retention.personal_data_days', read: number },
  idReader: { key: 'cards.id_reader', read: name },
  simReader: { key: 'cards.sim_reader', read: name },
  printDestinations: { key: 'printing.destinations', read: text },
};

export function getSetting<N extends SettingName>(db: ReadableDb, name: N): Settings[N] | null {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(SETTINGS[name].key) as { value: string } | undefined;
  return row ? SETTINGS[name].read(row.value) : null;
}

export function setSetting<N extends SettingName>(tx: WritableDb, name: N, value: Settings[N]): void {
  tx.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(SETTINGS[name].key, String(value));
}
