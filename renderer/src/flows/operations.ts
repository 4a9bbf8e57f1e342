// How operations appear to the clerk, from the registry (common/operations): the kind's name, the payload facts
// worth a glance (the kind's `shown` fields, codes named from the vocabulary), the fee, and the visit page's flows.
import { flowPages, isOperationKind, operationSpec, type Operation } from '../../../common/operations';
import { formatAzn } from '../../../common/domain/reference';

/** `name` translates a coded value (e.g. 'vocab.simReasons.lost') when given; without it codes show as they are. */
export function operationFacts(op: Operation, name?: (key: string) => string | null): string {
  if (!isOperationKind(op.kind)) return '';
  const spec = operationSpec(op.kind);
  const facts: string[] = [];
  for (const key of spec.shown) {
    const v = op.payload[key];
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    const vocabulary = spec.coded?.[key];
    const coded = vocabulary && typeof v === 'string' ? name?.(`vocab.${vocabulary}.${v}`) : null;
    facts.push(coded ?? String(v));
  }
  return facts.join(' · ');
}

export function feeText(op: Operation): string {
  return op.feeMinor > 0 ? formatAzn(op.feeMinor) : '—';
}

/** The flows a visit offers, each with its route and Alt shortcut letter (the registry's pages). */
export const flowEntries = flowPages;
