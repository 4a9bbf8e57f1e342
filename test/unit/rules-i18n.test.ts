// Every flow message exists in az, en and ru, and every error code a flow can raise has a sentence.
import { describe, expect, it } from 'vitest';
import az from '../../common/i18n/az/flows';
import en from '../../common/i18n/en/flows';
import ru from '../../common/i18n/ru/flows';
import { messages } from '../../common/i18n/messages';
import { ErrorCode } from '../../common/errors';
import { kindLabelKey, operationKinds } from '../../common/operations';

function keys(o: unknown, prefix = ''): string[] {
  if (typeof o !== 'object' || o === null) return [prefix];
  return Object.entries(o).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k)).sort();
}

const FLOW_CODES = Object.values(ErrorCode).filter((c) => c in en.errors);

describe('flows messages', () => {
  it('have the same keys in az, en and ru', () => {
    expect(keys(az)).toEqual(keys(en));
    expect(keys(ru)).toEqual(keys(en));
  });

  it('cover every flow error code added to common/errors.ts, merged with the core messages', () => {
    const start = Object.keys(ErrorCode).indexOf('IdentityNotVerified');
    const flowCodes = Object.values(ErrorCode).slice(start);
    expect(FLOW_CODES.sort()).toEqual([...flowCodes].sort());
    for (const lang of ['az', 'en', 'ru'] as const) {
      const errors = messages[lang].errors as Record<string, string>;
      for (const code of flowCodes) expect(errors[code], `${lang} ${code}`).toBeTruthy();
      expect(errors.INVALID_INPUT, 'core error texts survive the merge').toBeTruthy();
    }
  });

  it('name every operation kind', () => {
    // One vocabulary: kinds.<kind> (nested by the kind's dotted parts), the same key for screens and receipts.
    const at = (lang: 'az' | 'en' | 'ru', key: string) => key.split('.').reduce<unknown>((n, p) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[p] : undefined), messages[lang]);
    for (const kind of operationKinds) for (const lang of ['az', 'en', 'ru'] as const) expect(at(lang, kindLabelKey(kind)), `${lang} ${kind}`).toBeTruthy();
  });
});
