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

  it('give every error code a sentence in each language, merged with the core messages', () => {
    // Codes are added beside their feature (flows, printing, cards…) and their sentences live in that feature's
    // i18n module; what matters to the clerk is that the merged messages have every one of them.
    for (const lang of ['az', 'en', 'ru'] as const) {
      const errors = messages[lang].errors as Record<string, string>;
      for (const code of Object.values(ErrorCode)) expect(errors[code], `${lang} ${code}`).toBeTruthy();
    }
    // The flows module still carries the flow codes' sentences (the block from IdentityNotVerified on, up to the
    // codes other modules add after it).
    expect(FLOW_CODES).toContain('IDENTITY_NOT_VERIFIED');
    expect(FLOW_CODES).toContain('PRINT_FAILED');
  });

  it('name every operation kind', () => {
    // One vocabulary: kinds.<kind> (nested by the kind's dotted parts), the same key for screens and receipts.
    const at = (lang: 'az' | 'en' | 'ru', key: string) => key.split('.').reduce<unknown>((n, p) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[p] : undefined), messages[lang]);
    for (const kind of operationKinds) for (const lang of ['az', 'en', 'ru'] as const) expect(at(lang, kindLabelKey(kind)), `${lang} ${kind}`).toBeTruthy();
  });
});
