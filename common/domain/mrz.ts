// ICAO Doc 9303 machine-readable zones: TD1 (ID cards, 3 × 30), TD2 (older ID cards, 2 × 36), TD3 (passports, 2 × 44).
// Parsing never throws: structural problems come back as a code, check-digit failures as per-field verdicts,
// so a form can point at the exact field and the chip reader can compare field by field.
import { mrzCheckDigit } from './checksums';

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

export interface MrzChecks {
  documentNumber: boolean;
  birthDate: boolean;
  expiryDate: boolean;
  composite: boolean;
  /** TD3 only: personal number check digit. */
  personalNumber?: boolean;
}

export interface Mrz {
  format: MrzFormat;
  lines: string[];
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  /** The check digit as printed after the document number (needed to build the BAC key seed). */
  documentNumberCheck: string;
  nationality: string;
  /** YYMMDD as printed. */
  birthDate: string;
  birthDateCheck: string;
  sex: 'M' | 'F' | 'X';
  /** YYMMDD as printed, or null when the card has no expiry (`<<<<<<`). */
  expiryDate: string | null;
  expiryDateCheck: string;
  surname: string;
  givenNames: string;
  optionalData: string;
  /** TD3 personal number field, TD1/TD2 optional data holding the Azerbaijani FIN. */
  fin: string | null;
  checks: MrzChecks;
  /** Every check digit matches. */
  valid: boolean;
}

export type MrzParse = { ok: true; mrz: Mrz } | { ok: false; code: 'MRZ_FORMAT' | 'MRZ_CHARSET' };

const LINE_LENGTHS: Record<MrzFormat, [number, number]> = { TD1: [3, 30], TD2: [2, 36], TD3: [2, 44] };

/** Splits pasted or scanned MRZ text into lines; tolerates spaces, CR/LF and a keyboard-wedge scanner's run-on line. */
export function splitMrzLines(text: string): string[] {
  const cleaned = text.toUpperCase().replace(/[ \t]/g, '').replace(/«/g, '<');
  const lines = cleaned.split(/\r?\n|\r/).filter((l) => l.length > 0);
  if (lines.length === 1) {
    const l = lines[0];
    for (const [count, len] of Object.values(LINE_LENGTHS)) {
      if (l.length === count * len) return Array.from({ length: count }, (_, i) => l.slice(i * len, (i + 1) * len));
    }
  }
  return lines;
}

/**
 * Enter typed at the end of this MRZ text: does the MRZ still wait for its next line? A keyboard-wedge scanner ends
 * every line with a carriage return (an Enter), so only the CR after the last line may start the read: true while
 * fewer lines than the format has were typed and each one so far is complete (its length fixes the format).
 */
export function mrzAwaitsMoreLines(text: string): boolean {
  const lines = splitMrzLines(text);
  if (lines.length === 0) return false;
  const len = lines[0].length;
  const count = Object.values(LINE_LENGTHS).find(([, l]) => l === len)?.[0];
  return count !== undefined && lines.length < count && lines.every((l) => l.length === len);
}

function detectFormat(lines: string[]): MrzFormat | null {
  for (const [fmt, [count, len]] of Object.entries(LINE_LENGTHS) as [MrzFormat, [number, number]][]) {
    if (lines.length === count && lines.every((l) => l.length === len)) return fmt;
  }
  return null;
}

function checkOk(field: string, digit: string): boolean {
  const expected = mrzCheckDigit(field);
  if (expected < 0) return false;
  // A field left blank (all '<') may carry '<' as its check digit.
  if (digit === '<') return /^<*$/.test(field);
  return String(expected) === digit;
}

function trimFiller(s: string): string {
  return s.replace(/<+$/g, '').replace(/</g, ' ').trim();
}

function names(field: string): { surname: string; givenNames: string } {
  const [surname = '', ...rest] = field.split('<<');
  return { surname: trimFiller(surname), givenNames: trimFiller(rest.join('<<')) };
}

function sexOf(c: string): 'M' | 'F' | 'X' {
  return c === 'M' || c === 'F' ? c : 'X';
}

function finFrom(optional: string): string | null {
  const v = optional.replace(/</g, '');
  return /^[A-Z0-9]{5,7}$/.test(v) ? v : null;
}

export function parseMrz(text: string): MrzParse {
  const lines = splitMrzLines(text);
  const format = detectFormat(lines);
  if (!format) return { ok: false, code: 'MRZ_FORMAT' };
  if (!lines.every((l) => /^[A-Z0-9<]+$/.test(l))) return { ok: false, code: 'MRZ_CHARSET' };
  const mrz = format === 'TD1' ? parseTd1(lines) : parseTd23(lines, format);
  return { ok: true, mrz };
}

function parseTd1(lines: string[]): Mrz {
  const [l1, l2, l3] = lines;
  let documentNumber = l1.slice(5, 14);
  let documentNumberCheck = l1[14];
  let optional1 = l1.slice(15, 30);
  // Long document numbers: '<' in the check position, the rest of the number and its check digit lead the optional data.
  if (documentNumberCheck === '<' && optional1[0] !== '<') {
    const end = optional1.indexOf('<');
    const extra = end < 0 ? optional1 : optional1.slice(0, end);
    documentNumber += extra.slice(0, -1);
    documentNumberCheck = extra.slice(-1);
    optional1 = optional1.slice(extra.length);
  }
  const birthDate = l2.slice(0, 6);
  const expiry = l2.slice(8, 14);
  const composite = l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29);
  const checks: MrzChecks = {
    documentNumber: checkOk(documentNumber, documentNumberCheck),
    birthDate: checkOk(birthDate, l2[6]),
    expiryDate: checkOk(expiry, l2[14]),
    composite: checkOk(composite, l2[29]),
  };
  return {
    format: 'TD1',
    lines,
    documentCode: trimFiller(l1.slice(0, 2)),
    issuingState: trimFiller(l1.slice(2, 5)),
    documentNumber: trimFiller(documentNumber),
    documentNumberCheck,
    nationality: trimFiller(l2.slice(15, 18)),
    birthDate,
    birthDateCheck: l2[6],
    sex: sexOf(l2[7]),
    expiryDate: /^<{6}$/.test(expiry) ? null : expiry,
    expiryDateCheck: l2[14],
    ...names(l3),
    optionalData: trimFiller(optional1 + l2.slice(18, 29)),
    fin: finFrom(optional1),
    checks,
    valid: Object.values(checks).every(Boolean),
  };
}

function parseTd23(lines: string[], format: 'TD2' | 'TD3'): Mrz {
  const [l1, l2] = lines;
  const documentNumber = l2.slice(0, 9);
  const birthDate = l2.slice(13, 19);
  const expiry = l2.slice(21, 27);
  const last = l2.length - 1;
  const optional = format === 'TD3' ? l2.slice(28, 42) : l2.slice(28, 35);
  const composite = l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, last);
  const checks: MrzChecks = {
    documentNumber: checkOk(documentNumber, l2[9]),
    birthDate: checkOk(birthDate, l2[19]),
    expiryDate: checkOk(expiry, l2[27]),
    composite: checkOk(composite, l2[last]),
  };
  if (format === 'TD3') checks.personalNumber = checkOk(optional, l2[42]);
  return {
    format,
    lines,
    documentCode: trimFiller(l1.slice(0, 2)),
    issuingState: trimFiller(l1.slice(2, 5)),
    documentNumber: trimFiller(documentNumber),
    documentNumberCheck: l2[9],
    nationality: trimFiller(l2.slice(10, 13)),
    birthDate,
    birthDateCheck: l2[19],
    sex: sexOf(l2[20]),
    expiryDate: /^<{6}$/.test(expiry) ? null : expiry,
    expiryDateCheck: l2[27],
    ...names(l1.slice(5)),
    optionalData: trimFiller(optional),
    fin: finFrom(optional),
    checks,
    valid: Object.values(checks).every(Boolean),
  };
}

/** The first failing check, as a validation code for forms. */
export function mrzProblem(result: MrzParse): string | null {
  if (!result.ok) return result.code;
  const c = result.mrz.checks;
  if (!c.documentNumber) return 'MRZ_CHECK_DOCUMENT_NUMBER';
  if (!c.birthDate) return 'MRZ_CHECK_BIRTH_DATE';
  if (!c.expiryDate) return 'MRZ_CHECK_EXPIRY_DATE';
  if (c.personalNumber === false) return 'MRZ_CHECK_PERSONAL_NUMBER';
  if (!c.composite) return 'MRZ_CHECK_COMPOSITE';
  return null;
}

/** YYMMDD → ISO date. Birth dates pivot on `today` (a birth year cannot be in the future); expiry dates are 20YY. */
export function mrzDateToIso(yymmdd: string, kind: 'birth' | 'expiry', today: Date = new Date()): string | null {
  if (!/^\d{6}$/.test(yymmdd)) return null;
  const yy = Number(yymmdd.slice(0, 2));
  const mm = Number(yymmdd.slice(2, 4));
  const dd = Number(yymmdd.slice(4, 6));
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return null;
  const currentYy = today.getUTCFullYear() % 100;
  const century = kind === 'expiry' ? 2000 : yy > currentYy ? 1900 : 2000;
  const iso = `${century + yy}-${yymmdd.slice(2, 4)}-${yymmdd.slice(4, 6)}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return d.getUTCDate() === dd ? iso : null;
}

/** ISO date (YYYY-MM-DD) → YYMMDD, for building MRZ information from typed fields. */
export function isoToMrzDate(iso: string): string {
  return iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
}
