// Searching for a customer the way clerks type (issue 9, item 7): Azerbaijani case folding and the MRZ's Latin spelling.
import { describe, expect, it } from 'vitest';
import { searchFold } from '../../common/domain/search';

describe('searchFold', () => {
  it('matches Azerbaijani capitals, small letters and the MRZ spelling alike', () => {
    expect(searchFold('ƏLİ')).toBe(searchFold('Əli'));
    expect(searchFold('MAMMADOV')).toBe(searchFold('Məmmədov'));
    expect(searchFold('QULİYEV')).toBe(searchFold('Quliyev'));
    expect(searchFold('IŞIQ')).toBe(searchFold('ışıq'));
    expect(searchFold('Hüseynova Gülşən')).toBe('huseynova gulsan');
    expect(searchFold('5ZX8K2P')).toBe('5zx8k2p');
  });
});
