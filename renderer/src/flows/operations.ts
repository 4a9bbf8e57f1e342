// How operations appear to the clerk: translated kind, the payload facts worth a glance, and the fee.
import type { Operation, OperationKind } from '../../../common/ipc/channels/flows';
import { formatAzn } from '../../../common/domain/reference';

/** i18n key of an operation kind ('sim.duplicate' → 'ops.sim_duplicate'). */
export function kindKey(kind: OperationKind): string {
  return `ops.${kind.replace('.', '_')}`;
}

// Payload keys shown in the journal, in this order; anything else stays on the printed form.
const SHOWN = ['msisdn', 'certType', 'oldIccid', 'newIccid', 'retiredIccid', 'iccid', 'imei', 'imei2', 'noticeCode', 'subscriberCode', 'months', 'paidUntil', 'validTo', 'principalName', 'reason'];

// Payload values that are codes, and the i18n prefix naming them.
const CODED: Record<string, string> = { reason: 'simDup.reasons', certType: 'cert.types' };

/** `name` translates a coded value (e.g. the duplicate's reason) when given; without it codes show as they are. */
export function operationFacts(op: Operation, name?: (key: string) => string | null): string {
  const facts: string[] = [];
  for (const key of SHOWN) {
    const v = op.payload[key];
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    const coded = CODED[key] && typeof v === 'string' ? name?.(`${CODED[key]}.${v}`) : null;
    facts.push(coded ?? String(v));
  }
  return facts.join(' · ');
}

export function feeText(op: Operation): string {
  return op.feeMinor > 0 ? formatAzn(op.feeMinor) : '—';
}

/** The flows a visit offers, each with its route and Alt shortcut letter. */
export const flowEntries = [
  { key: 'poa', path: 'poa', letter: 'p' },
  { key: 'simDuplicate', path: 'sim-duplicate', letter: 'd' },
  { key: 'certificate', path: 'certificate', letter: 'c' },
  { key: 'service', path: 'service', letter: 's' },
  { key: 'token', path: 'token', letter: 't' },
  { key: 'imei', path: 'imei', letter: 'i' },
  { key: 'komis', path: 'komis', letter: 'k' },
] as const;
