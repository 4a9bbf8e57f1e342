// The reference-data editor in the supervisor's words (issue 14, item 15): what a row's code means (an operation's
// fee, a certificate type's tariff, a parameter), amounts in AZN rather than qəpik. Pure, so it is unit-tested.
import { certTypes, defaultReferenceFiles, Parameter, type ReferenceTable } from '../../../common/domain/reference';
import { isOperationKind, operationKinds, operationSpec, kindLabelKey } from '../../../common/operations';

type T = (key: string, params?: Record<string, string | number>) => string;
type Te = (key: string) => boolean;

/** Money columns hold qəpik; the editor shows and takes AZN. */
export const isMoneyColumn = (column: string) => column.endsWith('Minor');

export function minorToAznText(minor: unknown): string {
  return typeof minor === 'number' ? (minor / 100).toFixed(2) : '';
}

/** The fee code's operation (and certificate type): 'cert.issue.biznes' → "Asan İmza certificate issue · Biznes". */
function feeLabel(code: string, t: T): string | null {
  for (const kind of operationKinds) {
    for (const fee of operationSpec(kind).fees) {
      if (fee === code) return t(kindLabelKey(kind));
      for (const c of certTypes) if (fee.replace('{certType}', c) === code) return `${t(kindLabelKey(kind))} · ${t(`vocab.certTypes.${c}`)}`;
    }
  }
  return null;
}

/** A label for a row's code, or null where the code says it already (prefixes, issuers). */
export function codeLabel(table: ReferenceTable, row: Record<string, unknown>, t: T, te: Te): string | null {
  const code = String(row.code ?? '');
  switch (table) {
    case 'fees':
      return feeLabel(code, t);
    case 'asan_tariffs':
      return te(`vocab.certTypes.${code}`) ? t(`vocab.certTypes.${code}`) : null;
    case 'document_requirements': {
      const [type, holder] = code.split('.');
      return te(`vocab.certTypes.${type}`) && te(`cert.holders.${holder}`) ? `${t(`vocab.certTypes.${type}`)} · ${t(`cert.holders.${holder}`)}` : null;
    }
    case 'parameters': {
      const name = Object.entries(Parameter).find(([, c]) => c === code)?.[0];
      return name && te(`reference.parameters.${name}`) ? t(`reference.parameters.${name}`) : null;
    }
    case 'imei_price_bands':
      return row.maxPriceMinor === null || row.maxPriceMinor === undefined || row.maxPriceMinor === ''
        ? t('reference.bandFrom', { from: minorToAznText(row.minPriceMinor) })
        : t('reference.band', { from: minorToAznText(row.minPriceMinor), to: minorToAznText(row.maxPriceMinor) });
    case 'offline_policies':
      return isOperationKind(code) ? t(kindLabelKey(code)) : null;
    default:
      return null;
  }
}

/**
 * The i18n key of a note shipped with the default data (resources/reference-data, written in English), while the
 * row still carries it unchanged: the editor shows it in the clerk's language. A note a supervisor typed is theirs.
 */
export function shippedNoteKey(table: ReferenceTable, row: Record<string, unknown>): string | null {
  const file = defaultReferenceFiles().find((f) => f.table === table);
  const shipped = file?.rows.find((r) => r.code === row.code && typeof r.note === 'string' && r.note === row.note);
  // Keyed by the row's id when it has one: one code has several shipped rows (a fee per operator or office type).
  return shipped ? `reference.shippedNotes.${table}.${String(shipped.id ?? shipped.code).replace(/[.@-]/g, '_')}` : null;
}
