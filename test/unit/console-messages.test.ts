// The console's words (issue 13): az, en and ru say the same things, every refusal code has a sentence in each, and
// every key the pages ask for exists — a missing one would show the raw key to an office manager.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { consoleMessages } from '../../common/i18n/console-messages';
import { languages } from '../../common/i18n/languages';
import { auditChainStates, consoleRoles, enrolmentCodeStates } from '../../common/console/api';
import { officeTypes } from '../../common/domain/office-types';
import { reportDimensions } from '../../common/sync/reports';
import { KNOWN_ERROR_CODES, errorKey } from '../../console/src/request';

function leaves(o: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof o === 'string') out.set(prefix, o);
  else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) for (const [p, s] of leaves(v, prefix ? `${prefix}.${k}` : k)) out.set(p, s);
  return out;
}
const get = (lang: (typeof languages)[number], key: string) => leaves(consoleMessages[lang]).get(key);
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('console messages', () => {
  const en = leaves(consoleMessages.en);

  it('has the same keys and placeholders in az, en and ru, none empty', () => {
    for (const lang of languages) {
      const l = leaves(consoleMessages[lang]);
      expect([...l.keys()].sort(), lang).toEqual([...en.keys()].sort());
      for (const [k, s] of l) {
        expect(s.trim(), `${lang} ${k}`).not.toBe('');
        expect(placeholders(s), `${lang} ${k}`).toEqual(placeholders(en.get(k)!));
      }
    }
  });

  it('names every refusal code in every language, and an unknown one with its code', () => {
    for (const code of KNOWN_ERROR_CODES) {
      const { key } = errorKey(code);
      expect(key).toBe(`errors.${code}`);
      for (const lang of languages) expect(get(lang, key), `${lang} ${code}`).toBeTruthy();
    }
    expect(errorKey('SOMETHING_NEW')).toEqual({ key: 'errors.UNKNOWN', params: { code: 'SOMETHING_NEW' } });
  });

  it('the az and ru sentences are not the English ones', () => {
    // Short labels may be the same word in two languages (IMEI, ASXM, FIN): only sentences are compared.
    for (const lang of ['az', 'ru'] as const) {
      const l = leaves(consoleMessages[lang]);
      for (const [k, s] of en) if (s.split(' ').length > 3) expect(l.get(k), `${lang} ${k}`).not.toBe(s);
    }
  });

  it('has a word for each value the contract can send', () => {
    const keys = [
      ...officeTypes.map((v) => `offices.types.${v}`),
      ...auditChainStates.map((v) => `desks.chain.${v}`),
      ...enrolmentCodeStates.map((v) => `codes.states.${v}`),
      ...consoleRoles.map((v) => `app.roles.${v}`),
      ...reportDimensions.map((v) => `reports.dims.${v}`),
      ...['open', 'accepted', 'rejected'].map((v) => `conflicts.statuses.${v}`),
    ];
    for (const lang of languages) for (const k of keys) expect(get(lang, k), `${lang} ${k}`).toBeTruthy();
  });

  it('has every key the console pages ask for by name', () => {
    const root = resolve(import.meta.dirname, '../../console/src');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.(ts|vue)$/.test(f)) files.push(p);
      }
    };
    walk(root);
    const used = new Set<string>();
    for (const f of files) for (const m of readFileSync(f, 'utf8').matchAll(/\bt\('([a-zA-Z]+(?:\.[a-zA-Z]+)+)'/g)) used.add(m[1]);
    for (const m of readFileSync(join(root, 'router.ts'), 'utf8').matchAll(/nav: '([a-z.A-Z]+)'/g)) used.add(m[1]);
    expect(used.size).toBeGreaterThan(100);
    for (const lang of languages) for (const k of used) expect(get(lang, k), `${lang} ${k}`).toBeTruthy();
  });
});
