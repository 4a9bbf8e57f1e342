// Builds valid (or deliberately broken) MRZ text for tests. The parser itself is checked against the ICAO
// specimens in test/unit; this only saves tests from hand-computing check digits.
import { mrzCheckDigit } from '../../common/domain/checksums';

const pad = (s: string, n: number) => (s + '<'.repeat(n)).slice(0, n);

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

export function buildTd1(f: Td1Fields): string[] {
  const doc = pad(f.documentNumber, 9);
  const l1 = `ID${pad(f.issuingState ?? 'AZE', 3)}${doc}${mrzCheckDigit(doc)}${pad(f.fin, 15)}`;
  const expiryCheck = /^<{6}$/.test(f.expiry) ? '<' : String(mrzCheckDigit(f.expiry));
  const l2head = `${f.birth}${mrzCheckDigit(f.birth)}${f.sex ?? 'F'}${f.expiry}${expiryCheck}${pad(f.nationality ?? 'AZE', 3)}${'<'.repeat(11)}`;
  const composite = l1.slice(5, 30) + l2head.slice(0, 7) + l2head.slice(8, 15) + l2head.slice(18, 29);
  const l2 = l2head + mrzCheckDigit(composite);
  const l3 = pad(`${f.surname.replace(/ /g, '<')}<<${f.givenNames.replace(/ /g, '<')}`, 30);
  return [l1, l2, l3];
}

/** Replaces the document-number check digit with a wrong one. */
export function breakDocumentCheckDigit(lines: string[]): string[] {
  const l1 = lines[0];
  const wrong = String((Number(l1[14]) + 1) % 10);
  return [l1.slice(0, 14) + wrong + l1.slice(15), ...lines.slice(1)];
}
