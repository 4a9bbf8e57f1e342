// The audit page's "details" column in the reader's language. Entries store their details as plain keys and values
// (stable across languages and versions, and hashed into the chain); this only renders them: a known key gets its
// translated name, yes/no and the enumerated values we know get words, the operation kind its label. Anything the
// page has no word for (a newer desk's key, an edited row) is shown as stored, never dropped.
import { kindLabelKey } from '../../common/operations';

type Translate = (key: string, named?: Record<string, unknown>) => string;
type Has = (key: string) => boolean;

// Values that are ids or free text: shown as stored.
const ENUMERATED = new Set(['for', 'reason', 'method', 'role', 'name', 'language', 'resolution']);

export function auditDetailsText(details: Record<string, unknown>, t: Translate, te: Has): string {
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${fieldName(k, t, te)}: ${fieldValue(k, v, t, te)}`)
    .join(' · ');
}

function fieldName(key: string, t: Translate, te: Has): string {
  return te(`audit.fields.${key}`) ? t(`audit.fields.${key}`) : key;
}

function fieldValue(key: string, value: unknown, t: Translate, te: Has): string {
  if (typeof value === 'boolean') return t(value ? 'audit.values.yes' : 'audit.values.no');
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (key === 'operationKind' && te(kindLabelKey(text))) return t(kindLabelKey(text));
  if (ENUMERATED.has(key)) {
    const path = key === 'name' ? `audit.settings.${text}` : `audit.values.${key}.${text}`;
    if (te(path)) return t(path);
  }
  return text;
}
