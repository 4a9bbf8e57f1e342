// The Sync page and the status bar in the clerk's words: a failed sync's reason and what a queued operation is about.
// The desk keeps the technical text (for IT, shown as a tooltip); these turn its stable parts — the HTTP status and
// the server's error code, the subject key's prefix — into a sentence of the clerk's language.
type T = (key: string, params?: Record<string, string | number>) => string;
type Te = (key: string) => boolean;

/** "network error: fetch failed", "503 DATABASE_UNAVAILABLE: …", "not enrolled" → a sentence; unknown text as it is. */
export function syncErrorText(raw: string | null | undefined, t: T, te: Te): string {
  if (!raw) return '';
  if (/^network error: .*(timeout|aborted)/i.test(raw)) return t('sync.errors.TIMEOUT');
  if (/^network error/i.test(raw)) return t('sync.errors.NETWORK');
  if (raw === 'not enrolled') return t('sync.errors.notEnrolled');
  const http = /^(\d{3}) ([A-Z_]+)\b/.exec(raw);
  if (http) return te(`sync.errors.${http[2]}`) ? t(`sync.errors.${http[2]}`) : t('sync.errors.http', { status: Number(http[1]) });
  return raw;
}

/** 'fin:5ABCDEF' → "FIN 5ABCDEF"; 'poa:0190…' → "Power of attorney 0190c0de"; 'reference:fees' → the table's name. */
export function subjectText(subject: string, t: T, te: Te): string {
  const i = subject.indexOf(':');
  if (i < 0) return subject;
  const kind = subject.slice(0, i);
  let value = subject.slice(i + 1);
  if (!te(`sync.subjects.${kind}`)) return subject;
  // Long ids are shown by their first group: enough to tell two apart on one screen.
  if (/^[0-9a-f]{8}-[0-9a-f-]{27}$/i.test(value)) value = value.slice(0, 8);
  if (kind === 'reference' && te(`reference.tables.${value}`)) value = t(`reference.tables.${value}`);
  return t(`sync.subjects.${kind}`, { value });
}
