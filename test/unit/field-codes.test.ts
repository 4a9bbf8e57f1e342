// What a clerk reads under a refused field: "Required" for an empty one (whatever rule it broke), the limit for a
// text too long or too short, a rule's own code otherwise (issue 14 #7).
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldCodesOf, UNKNOWN_INPUT } from '../../common/domain/field-codes';
import { fieldErrorsOf } from '../../electron/main/ipc/dispatcher';
import { validateIdentity } from '../../common/domain/identity';
import { channels } from '../../common/ipc/contract';
import { messages } from '../../common/i18n/messages';

const schema = z.object({
  office: z.string().trim().min(2).max(100),
  date: z.string().refine((s) => /^\d{4}-\d{2}-\d{2}$/.test(s), 'DATE_FORMAT'),
  principal: z.object({ fin: z.string().min(1) }),
  count: z.number().int(),
});

function codes(input: Record<string, unknown>): Record<string, string> {
  const r = schema.safeParse(input);
  return r.success ? {} : fieldCodesOf(r.error.issues, input);
}

describe('field codes of a refused input', () => {
  it('an empty, blank or missing field is REQUIRED, nested ones too', () => {
    expect(codes({ office: '', date: '', principal: { fin: '' } })).toEqual({ office: 'REQUIRED', date: 'REQUIRED', 'principal.fin': 'REQUIRED', count: 'REQUIRED' });
    expect(codes({ office: '   ', date: '2026-01-01', principal: { fin: 'X' }, count: 1 })).toEqual({ office: 'REQUIRED' });
  });
  it('a text past its limit names the limit; a rule keeps its own code; anything else is INVALID', () => {
    expect(codes({ office: 'X', date: '1.1.2026', principal: { fin: 'X' }, count: 1.5 })).toEqual({ office: 'TOO_SHORT:2', date: 'DATE_FORMAT', count: 'INVALID' });
    expect(codes({ office: 'A'.repeat(101), date: '2026-01-01', principal: { fin: 'X' }, count: 1 })).toEqual({ office: 'TOO_LONG:100' });
  });
  it('without the input at hand nothing is taken as empty', () => {
    const r = schema.safeParse({});
    expect(r.success || fieldCodesOf(r.error.issues, UNKNOWN_INPUT).office).toBe('INVALID');
  });
  it('the set-up form: empty fields are REQUIRED (was "Not valid")', () => {
    const input = { office: '', desk: '', adminUsername: '', adminDisplayName: '', adminPassword: '', language: 'az' };
    const r = channels['app:setup'].input.safeParse(input);
    expect(r.success).toBe(false);
    if (r.success) return;
    expect(fieldErrorsOf(r.error, input)).toEqual({ office: 'REQUIRED', desk: 'REQUIRED', adminUsername: 'REQUIRED', adminDisplayName: 'REQUIRED', adminPassword: 'REQUIRED' });
  });
  it('a manual identity checks the name limits before it is sent for approval', () => {
    const identity = { kind: 'citizen', fin: '5ZX8K2P', documentNumber: 'AA1234567', surname: 'M'.repeat(81), givenName: 'LEYLA', patronymic: '', birthDate: '1990-02-15', expiryDate: '2032-02-15' } as const;
    expect(validateIdentity(identity, '2026-06-01')).toEqual({ surname: 'TOO_LONG:80' });
    expect(validateIdentity({ ...identity, surname: 'M'.repeat(80), patronymic: 'P'.repeat(81) }, '2026-06-01')).toEqual({ patronymic: 'TOO_LONG:80' });
  });
  it('the limits have their sentence in every language', () => {
    for (const lang of ['az', 'en', 'ru'] as const) {
      const v = messages[lang].validation as Record<string, string>;
      expect(v.TOO_LONG).toContain('{count}');
      expect(v.TOO_SHORT).toContain('{count}');
    }
  });
});
