import type { Migration } from './index';

// Visit search folds Azerbaijani letters to the MRZ's Latin spelling (common/domain/search.ts): the search text of
// visits stored before that is folded the same way here (it was lower-cased by JavaScript already).
const folds: [string, string][] = [['ə', 'a'], ['ı', 'i'], ['i̇', 'i'], ['ö', 'o'], ['ü', 'u'], ['ş', 's'], ['ç', 'c'], ['ğ', 'g']];

export const migration003: Migration = {
  version: 3,
  name: 'core: visit search text folded like the search',
  up: `UPDATE visits SET search_text = ${folds.reduce((sql, [from, to]) => `replace(${sql}, '${from}', '${to}')`, 'search_text')};`,
};
