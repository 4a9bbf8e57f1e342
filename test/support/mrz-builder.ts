// Builds valid (or deliberately broken) MRZ text for tests. The parser itself is checked against the ICAO
// specimens in test/unit; this only saves tests from hand-computing check digits.
import { makeTd1 } from '../fixtures/vcards/emrtd-mrz';

export interface Td1Fields {
  documentNumber: string; // 9 chars
  fin: string;
  birth: string; // YYMMDD
  expiry: string; // YYMMDD or '<<<<<<'
  sex?: 'M' | 'F';
  surname: string;
  givenNames: string;
  issuingState?: string;
  nationality?: string;
}

/** A TD1 zone as three lines (the virtual chips' builder); a card without expiry carries '<' as that check digit. */
export function buildTd1(f: Td1Fields): string[] {
  const [l1, l2, l3] = makeTd1({
    documentNumber: f.documentNumber, fin: f.fin, birthDate: f.birth, expiryDate: f.expiry, sex: f.sex ?? 'F',
    surname: f.surname, givenNames: f.givenNames, issuingState: f.issuingState, nationality: f.nationality,
  }).split('\n');
  // '<' and '0' weigh the same in the composite: only the printed check character differs.
  return [l1, /^<{6}$/.test(f.expiry) ? l2.slice(0, 14) + '<' + l2.slice(15) : l2, l3];
}

/** Replaces the document-number check digit with a wrong one. */
export function breakDocumentCheckDigit(lines: string[]): string[] {
  const l1 = lines[0];
  const wrong = String((Number(l1[14]) + 1) % 10);
  return [l1.slice(0, 14) + wrong + l1.slice(15), ...lines.slice(1)];
}
