// Every visible string exists in Azerbaijani, English and Russian, with the same placeholders.
import { describe, expect, it } from 'vitest';
import { messages, translate } from '../../common/i18n/messages';

function leaves(node: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof node === 'string') out.set(prefix, node);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) for (const [kk, vv] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const en = leaves(messages.en);
  for (const lang of ['az', 'ru'] as const) {
    const other = leaves(messages[lang]);
    it(`${lang} has exactly the English keys`, () => {
      expect([...other.keys()].sort()).toEqual([...en.keys()].sort());
    });
    it(`${lang} uses the same placeholders as English`, () => {
      const differing = [...en].filter(([k, v]) => other.has(k) && placeholders(v).join() !== placeholders(other.get(k)!).join()).map(([k]) => k);
      expect(differing).toEqual([]);
    });
    it(`${lang} has no empty strings`, () => {
      expect([...other].filter(([, v]) => v.trim() === '').map(([k]) => k)).toEqual([]);
    });
  }
  it('translate() fills placeholders and falls back to English, then the key', () => {
    expect(translate('az', 'visit.saved', { number: 7 })).toBe('7 nömrəli müraciət yadda saxlanıldı.');
    expect(translate('ru', 'no.such.key')).toBe('no.such.key');
  });
});
