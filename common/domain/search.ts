// How the desk matches what a clerk types against names and identifiers (issue 9, item 7): Azerbaijani letters fold
// to the Latin spelling an MRZ uses (Ə→A, I/İ/ı→I, Ö→O, Ü→U, Ş→S, Ç→C, Ğ→G), then lower case. So `ƏLİ` finds
// `Əli`, `MAMMADOV` (from a scanned MRZ) finds `Məmmədov`, and `məmmədov` finds `MAMMADOV`.
const FOLDS: Record<string, string> = { ə: 'a', ı: 'i', ö: 'o', ü: 'u', ş: 's', ç: 'c', ğ: 'g' };

export function searchFold(text: string): string {
  return text
    .replace(/İ/g, 'I')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '') // a dotted İ lowered by a default locale leaves a combining dot
    .replace(/[əıöüşçğ]/g, (c) => FOLDS[c]);
}
