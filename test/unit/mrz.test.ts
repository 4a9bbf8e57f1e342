import { describe, expect, it } from 'vitest';
import { isoToMrzDate, mrzAwaitsMoreLines, mrzDateToIso, mrzProblem, parseMrz, splitMrzLines } from '../../common/domain/mrz';
import { validateIdentity } from '../../common/domain/identity';
import { breakDocumentCheckDigit, buildTd1 } from '../support/mrz-builder';

const TD1_SPECIMEN = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const TD3_SPECIMEN = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

describe('ICAO specimens (Doc 9303)', () => {
  it('parses the TD1 specimen with every check digit valid, accepting the fictional state UTO', () => {
    const r = parseMrz(TD1_SPECIMEN.join('\n'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.mrz).toMatchObject({
      format: 'TD1', documentCode: 'I', issuingState: 'UTO', documentNumber: 'D23145890', nationality: 'UTO',
      birthDate: '740812', sex: 'F', expiryDate: '120415', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', valid: true,
    });
    expect(r.mrz.checks).toEqual({ documentNumber: true, birthDate: true, expiryDate: true, composite: true });
  });

  it('parses the TD3 specimen including the personal number check', () => {
    const r = parseMrz(TD3_SPECIMEN.join('\n'));
    expect(r.ok && r.mrz).toMatchObject({
      format: 'TD3', documentNumber: 'L898902C3', nationality: 'UTO', birthDate: '740812', expiryDate: '120415',
      optionalData: 'ZE184226B', surname: 'ERIKSSON', givenNames: 'ANNA MARIA', valid: true,
    });
    expect(r.ok && r.mrz.checks.personalNumber).toBe(true);
  });

  it.each([
    [0, 14, 'MRZ_CHECK_DOCUMENT_NUMBER'],
    [1, 6, 'MRZ_CHECK_BIRTH_DATE'],
    [1, 14, 'MRZ_CHECK_EXPIRY_DATE'],
    [1, 29, 'MRZ_CHECK_COMPOSITE'],
  ])('a changed check digit at line %i col %i is reported as %s', (line, col, code) => {
    const lines = [...TD1_SPECIMEN];
    const c = lines[line][col];
    lines[line] = lines[line].slice(0, col) + String((Number(c) + 1) % 10) + lines[line].slice(col + 1);
    expect(mrzProblem(parseMrz(lines.join('\n')))).toBe(code);
  });
});

describe('malformed MRZ input never throws', () => {
  it.each([
    ['', 'MRZ_FORMAT'],
    ['hello', 'MRZ_FORMAT'],
    [TD1_SPECIMEN.slice(0, 2).join('\n'), 'MRZ_FORMAT'],
    [TD1_SPECIMEN.join('\n').replace('ERIKSSON', 'ERİKSSON'), 'MRZ_CHARSET'],
    [TD1_SPECIMEN.map((l) => l + '<').join('\n'), 'MRZ_FORMAT'],
  ])('%j → %s', (text, code) => {
    const r = parseMrz(text);
    expect(r.ok).toBe(false);
    expect(mrzProblem(r)).toBe(code);
  });

  it('accepts a scanner that types all lines as one run, and lower case, and spaces', () => {
    expect(splitMrzLines(TD1_SPECIMEN.join(''))).toEqual(TD1_SPECIMEN);
    expect(parseMrz(TD1_SPECIMEN.join('\r\n').toLowerCase().replace(/</g, ' <')).ok).toBe(true);
  });
});

describe('Azerbaijani ID cards', () => {
  const lines = buildTd1({ documentNumber: 'AA1234567', fin: '5ZX8K2P', birth: '900215', expiry: '320215', surname: 'MAMMADOVA', givenNames: 'LEYLA' });

  it('finds the FIN in the optional data of a TD1 card', () => {
    const r = parseMrz(lines.join('\n'));
    expect(r.ok && r.mrz.fin).toBe('5ZX8K2P');
    expect(r.ok && r.mrz.valid).toBe(true);
  });

  it('reads a card without expiry (<<<<<<) as valid with no expiry date', () => {
    const r = parseMrz(buildTd1({ documentNumber: 'AA7654321', fin: '7PQ2RT5', birth: '500101', expiry: '<<<<<<', surname: 'ALIYEV', givenNames: 'RASIM' }).join('\n'));
    expect(r.ok && r.mrz.expiryDate).toBeNull();
    expect(r.ok && r.mrz.valid).toBe(true);
  });

  it('dates: birth years pivot on today, expiry dates are 20YY, invalid dates are null', () => {
    const today = new Date('2026-11-23T00:00:00Z');
    expect(mrzDateToIso('740812', 'birth', today)).toBe('1974-08-12');
    expect(mrzDateToIso('050301', 'birth', today)).toBe('2005-03-01');
    expect(mrzDateToIso('320215', 'expiry', today)).toBe('2032-02-15');
    expect(mrzDateToIso('990231', 'birth', today)).toBeNull();
    expect(isoToMrzDate('1990-02-15')).toBe('900215');
  });

  const citizen = {
    kind: 'citizen' as const, fin: '5ZX8K2P', documentNumber: 'AA1234567', surname: 'MAMMADOVA', givenName: 'LEYLA', patronymic: '',
    birthDate: '1990-02-15', expiryDate: '2032-02-15',
  };
  it.each([
    ['valid manual entry', {}, {}],
    ['valid with matching MRZ', { mrz: lines.join('\n') }, {}],
    ['bad MRZ check digit', { mrz: breakDocumentCheckDigit(lines).join('\n') }, { mrz: 'MRZ_CHECK_DOCUMENT_NUMBER' }],
    ['MRZ of somebody else', { fin: '7PQ2RT5', mrz: lines.join('\n') }, { mrz: 'MRZ_MISMATCH' }],
    ['expired card refused', { expiryDate: '2020-01-01' }, { expiryDate: 'DOCUMENT_EXPIRED' }],
    ['no-expiry card accepted', { expiryDate: null }, {}],
    ['birth date in the future', { birthDate: '2030-01-01' }, { birthDate: 'DATE_NOT_PAST' }],
    ['impossible date', { birthDate: '1990-02-30' }, { birthDate: 'DATE_FORMAT' }],
    ['bad FIN', { fin: '5ZX8' }, { fin: 'FIN_LENGTH' }],
    ['missing surname', { surname: ' ' }, { surname: 'REQUIRED' }],
  ])('%s', (_name, change, expected) => {
    expect(validateIdentity({ ...citizen, ...change }, '2026-11-23')).toEqual(expected);
  });

  it('foreigners need a valid passport and residence permit, both unexpired', () => {
    const foreigner = {
      kind: 'foreigner' as const, passportNumber: 'U1234567', nationality: 'TUR', surname: 'YILMAZ', givenName: 'AHMET', birthDate: '1985-05-05',
      passportExpiry: '2030-01-01', residencePermitNumber: 'MYİ1234567', residencePermitExpiry: '2027-06-01', personalCode: '',
    };
    expect(validateIdentity(foreigner, '2026-11-23')).toEqual({});
    expect(validateIdentity({ ...foreigner, residencePermitExpiry: '2026-11-22' }, '2026-11-23')).toEqual({ residencePermitExpiry: 'DOCUMENT_EXPIRED' });
    expect(validateIdentity({ ...foreigner, residencePermitNumber: 'X1' }, '2026-11-23')).toEqual({ residencePermitNumber: 'RESIDENCE_PERMIT_FORMAT' });
  });
});

describe('Enter in the MRZ box (a scanner ends every line with a carriage return)', () => {
  it('waits for the next line after a complete first or second line, and reads after the last one', () => {
    expect(mrzAwaitsMoreLines(TD1_SPECIMEN[0])).toBe(true);
    expect(mrzAwaitsMoreLines(TD1_SPECIMEN.slice(0, 2).join('\r\n'))).toBe(true);
    expect(mrzAwaitsMoreLines(TD1_SPECIMEN.join('\n'))).toBe(false);
    expect(mrzAwaitsMoreLines(TD3_SPECIMEN[0])).toBe(true);
    expect(mrzAwaitsMoreLines(TD3_SPECIMEN.join('\n'))).toBe(false);
    // A scanner's run-on line (no CR between lines) is complete as it stands.
    expect(mrzAwaitsMoreLines(TD1_SPECIMEN.join(''))).toBe(false);
  });
  it('reads (and names the problem) on Enter after an empty box or a line of the wrong length', () => {
    expect(mrzAwaitsMoreLines('')).toBe(false);
    expect(mrzAwaitsMoreLines('I<UTOD2314589')).toBe(false);
    expect(mrzAwaitsMoreLines(`${TD1_SPECIMEN[0]}\n7408122F`)).toBe(false);
  });
});
