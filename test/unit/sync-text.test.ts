// The Sync page speaks the clerk's language (issue 14, item 10): no "network error: fetch failed" in the az page, no
// raw subject keys (poa:…, fin:…) in its "about" column.
import { describe, expect, it } from 'vitest';
import { translate, messages } from '../../common/i18n/messages';
import { subjectText, syncErrorText } from '../../renderer/src/sync-text';

const tOf = (lang: 'az' | 'en' | 'ru') => (key: string, params?: Record<string, string | number>) => translate(lang, key, params);
const te = (key: string) => key.split('.').reduce<unknown>((n, p) => (n && typeof n === 'object' ? (n as Record<string, unknown>)[p] : undefined), messages.en) !== undefined;

describe('sync errors in words', () => {
  it('names a server that cannot be reached, in each language', () => {
    expect(syncErrorText('network error: fetch failed', tOf('az'), te)).toBe(
      'Sinxronizasiya serverinə qoşulmaq mümkün deyil (şəbəkə yoxdur və ya ünvan səhvdir). Masa işləməyə davam edir və yenidən cəhd edir.',
    );
    expect(syncErrorText('network error: fetch failed', tOf('ru'), te)).toBe(
      'Сервер синхронизации недоступен (нет сети или неверный адрес). Рабочее место продолжает работать и повторит попытку.',
    );
    expect(syncErrorText('network error: The operation was aborted due to timeout', tOf('en'), te)).toBe('The sync server did not answer in time; the desk retries by itself.');
  });

  it('turns the server’s error codes into sentences, and unknown codes into the status', () => {
    expect(syncErrorText('401 CLOCK_SKEW: request time is outside the allowed window', tOf('en'), te)).toBe('This computer’s clock is wrong: set the date and time, then sync again.');
    expect(syncErrorText('503 DATABASE_UNAVAILABLE: database down', tOf('en'), te)).toBe('The sync server’s database is not answering; the desk retries by itself.');
    expect(syncErrorText('500 INTERNAL: boom', tOf('en'), te)).toBe('The sync server answered with an error (500).');
    expect(syncErrorText(null, tOf('en'), te)).toBe('');
  });
});

describe('what an operation is about', () => {
  it('shows subject keys as words, ids shortened', () => {
    expect(subjectText('fin:5ABCDEF', tOf('az'), te)).toBe('FİN 5ABCDEF');
    expect(subjectText('poa:0190c0de-0000-7000-8000-000000000001', tOf('en'), te)).toBe('Power of attorney 0190c0de');
    // A shift is about its clerk: named by the id's first group, like other long ids.
    expect(subjectText('clerk:75228163-63c8-4e51-92bc-84b0d37454ae', tOf('az'), te)).toBe('Əməkdaş 75228163');
    expect(subjectText('reference:fees', tOf('ru'), te)).toMatch(/^Справочник: /);
    expect(subjectText('reference:fees', tOf('ru'), te)).not.toContain('fees');
    expect(subjectText('something-else', tOf('en'), te)).toBe('something-else');
  });
});
