// The reference-data editor names what each row is (issue 14, item 15): the operation a fee is for, a tariff's
// certificate type, a parameter's meaning, a price band's range in AZN — codes stay secondary.
import { describe, expect, it } from 'vitest';
import { translate, messages } from '../../common/i18n/messages';
import { codeLabel, minorToAznText, shippedNoteKey } from '../../renderer/src/flows/reference-labels';
import { defaultReferenceFiles } from '../../common/domain/reference';

const t = (lang: 'az' | 'en' | 'ru') => (key: string, params?: Record<string, string | number>) => translate(lang, key, params);
const te = (key: string) => key.split('.').reduce<unknown>((n, p) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[p] : undefined), messages.en) !== undefined;

describe('reference labels', () => {
  it('names fees by their operation (and certificate type), in each language', () => {
    expect(codeLabel('fees', { code: 'sim.duplicate' }, t('en'), te)).toBe('SIM duplicate');
    expect(codeLabel('fees', { code: 'cert.issue.biznes' }, t('en'), te)).toBe('Asan İmza certificate issue · Biznes (business)');
    expect(codeLabel('fees', { code: 'poa.register' }, t('az'), te)).toBe('Etibarnamənin qeydiyyatı');
    expect(codeLabel('fees', { code: 'sim.sell' }, t('ru'), te)).toBe('Продажа SIM-карты Asan İmza');
    expect(codeLabel('fees', { code: 'unknown.fee' }, t('en'), te)).toBeNull();
  });

  it('names tariffs, document rules, parameters and price bands', () => {
    expect(codeLabel('asan_tariffs', { code: 'dovlet' }, t('en'), te)).toBe('Dövlət (government)');
    expect(codeLabel('document_requirements', { code: 'biznes.legal-entity' }, t('en'), te)).toBe('Biznes (business) · A legal entity');
    expect(codeLabel('parameters', { code: 'asan.renewal.onlineDaysBefore' }, t('en'), te)).toBe('Online renewal opens (days before expiry)');
    expect(codeLabel('imei_price_bands', { code: 'band-4', minPriceMinor: 100_000, maxPriceMinor: 200_000 }, t('en'), te)).toBe('Devices from 1000.00 to 2000.00 AZN');
    expect(codeLabel('imei_price_bands', { code: 'band-5', minPriceMinor: 200_001, maxPriceMinor: null }, t('en'), te)).toBe('Devices from 2000.01 AZN');
  });

  it('shows qəpik as AZN', () => {
    expect(minorToAznText(700)).toBe('7.00');
    expect(minorToAznText(null)).toBe('');
  });

  it('has every shipped note in az, en and ru, and only while the row still carries it (issue 14, item 10)', () => {
    const missing: string[] = [];
    for (const file of defaultReferenceFiles()) {
      for (const row of file.rows.filter((r) => typeof r.note === 'string')) {
        const key = shippedNoteKey(file.table, row);
        for (const lang of ['az', 'en', 'ru'] as const) if (!key || translate(lang, key) === key) missing.push(`${lang}: ${file.table} ${String(row.code)}`);
      }
    }
    expect(missing).toEqual([]);
    expect(translate('az', shippedNoteKey('fees', { code: 'sim.duplicate', note: 'Bakcell duplicate fee 7 AZN from July 2024 (DOMAIN.md §3)' })!)).toBe('Bakcell-in dublikat haqqı: iyul 2024-dən 7 AZN');
    expect(shippedNoteKey('fees', { code: 'sim.duplicate', note: 'raised by the supervisor' })).toBeNull();
  });
});
