// The audit page's details in the reader's language (clerk-facing fix after issue 10): a supervisor reading the log
// in az or ru saw the stored keys ("desk: …", "office: …", "heldBack: true").
import { describe, expect, it } from 'vitest';
import { messages, translate } from '../../common/i18n/messages';
import { auditDetailsText } from '../../renderer/src/audit-text';

type Lang = 'az' | 'en' | 'ru';
const tOf = (lang: Lang) => (key: string, params?: Record<string, unknown>) => translate(lang, key, params as Record<string, string | number>);
const teOf = (lang: Lang) => (key: string) =>
  key.split('.').reduce<unknown>((n, p) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[p] : undefined), messages[lang]) !== undefined;
const text = (lang: Lang, details: Record<string, unknown>, kind = '') => auditDetailsText(details, tOf(lang), teOf(lang), kind);

describe('audit details in words', () => {
  it('names the keys of a desk set-up in each language', () => {
    const setup = { office: 'ASXM Bakı-1', desk: 'Masa 3' };
    expect(text('az', setup)).toBe('ofis: ASXM Bakı-1 · masa: Masa 3');
    expect(text('en', setup)).toBe('office: ASXM Bakı-1 · desk: Masa 3');
    expect(text('ru', setup)).toBe('офис: ASXM Bakı-1 · рабочее место: Masa 3');
  });

  it('says yes/no, the purpose of a failed sign-in and the setting changed', () => {
    expect(text('az', { username: 'leyla', for: 'unlock', heldBack: true })).toBe('istifadəçi adı: leyla · məqsəd: kilidin açılması · gözlədildi: bəli');
    expect(text('ru', { name: 'idleLockMinutes', value: 5 })).toBe('настройка: блокировка экрана при простое (минуты) · значение: 5');
    expect(text('en', { reason: 'idle' })).toBe('reason: idle');
    expect(text('az', { method: 'chip', approvalId: null })).toBe('tanınma üsulu: çipin oxunması');
  });

  it('labels the operation kind, and shows what it has no word for as stored', () => {
    expect(text('en', { operationKind: 'sim.duplicate', newKey: 'x', name: 'someFutureSetting' })).toBe('operation: SIM duplicate · newKey: x · setting: someFutureSetting');
    expect(text('ru', { operationKind: 'sim.duplicate' })).toBe('операция: Дубликат SIM-карты');
  });
});

describe('audit details of the desk’s day (issue 12)', () => {
  it('shows money as AZN and names shift, stock and slip values', () => {
    expect(text('en', { shiftId: 's1', openingFloatMinor: 5000, differenceMinor: -100 })).toBe('shift: s1 · float: 50.00 AZN · difference: -1.00 AZN');
    expect(text('az', { method: 'card', amountMinor: 700 }, 'payment')).toBe('ödəniş üsulu: kart · məbləğ: 7.00 AZN');
    expect(text('ru', { movement: 'damaged', itemType: 'token', count: 1 })).toBe('движение: повреждено · вид: токен · кол-во: 1');
    expect(text('en', { report: 'z', slip: 'renewal' })).toBe('report: Z-report · slip: SMS renewal');
  });
});
