// The audit page's "details" column in the reader's language. Entries store their details as plain keys and values
// (stable across languages and versions, and hashed into the chain); this only renders them: a known key gets its
// translated name, yes/no and the enumerated values we know get words, the operation kind its label. Anything the
// page has no word for (a newer desk's key, an edited row) is shown as stored, never dropped.
import { kindLabelKey } from '../../common/operations';
import { formatAzn } from '../../common/domain/reference';

type Translate = (key: string, named?: Record<string, unknown>) => string;
type Has = (key: string) => boolean;

// Values that are ids or free text: shown as stored.
const ENUMERATED = new Set(['for', 'reason', 'method', 'role', 'name', 'language', 'resolution', 'movement', 'itemType', 'report', 'slip']);

/** `kind` (the entry's, e.g. 'payment') picks a kind's own name for a key where one word means two things. */
export function auditDetailsText(details: Record<string, unknown>, t: Translate, te: Has, kind = ''): string {
  return Object.entries(details)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${fieldName(k, kind, t, te)}: ${fieldValue(k, v, t, te)}`)
    .join(' · ');
}

function fieldName(key: string, kind: string, t: Translate, te: Has): string {
  const own = `audit.fieldsOf.${kind.replace('.', '_')}.${key}`;
  if (kind && te(own)) return t(own);
  return te(`audit.fields.${key}`) ? t(`audit.fields.${key}`) : key;
}

function fieldValue(key: string, value: unknown, t: Translate, te: Has): string {
  if (typeof value === 'boolean') return t(value ? 'audit.values.yes' : 'audit.values.no');
  // Money is stored in qəpik under a …Minor key (openingFloatMinor, differenceMinor…): shown as the app shows money.
  if (key.endsWith('Minor') && typeof value === 'number') return formatAzn(value);
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (key === 'operationKind' && te(kindLabelKey(text))) return t(kindLabelKey(text));
  if (ENUMERATED.has(key)) {
    const path = key === 'name' ? `audit.settings.${text}` : `audit.values.${key}.${text}`;
    if (te(path)) return t(path);
  }
  return text;
}
