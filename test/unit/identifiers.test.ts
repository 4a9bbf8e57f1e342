import { describe, expect, it } from 'vitest';
import {
  normaliseMsisdn, validateFin, validateForeignPin, validateIccid, validateIdCardNumber, validateImei, validateMobileMsisdn,
  validatePassportNumber, validateResidencePermit, validateVoen, voenKind,
} from '../../common/domain/identifiers';
import { luhnCheckDigit, luhnValid, mrzCheckDigit } from '../../common/domain/checksums';

const MOBILE = ['10', '50', '51', '55', '99', '70', '77', '60'];

describe('FIN', () => {
  it.each([
    ['5ZX8K2P', null],
    ['  5zx8k2p ', null], // typed in lower case with spaces: accepted, normalised
    ['', 'REQUIRED'],
    ['5ZX8K2', 'FIN_LENGTH'],
    ['5ZX8K2PQ', 'FIN_LENGTH'],
    ['5ZX-K2P', 'FIN_CHARSET'],
    ['5ZXƏK2P', 'FIN_CHARSET'],
    ['5ZXOK2P', 'FIN_LETTER_I_O'],
    ['I2X8K2P', 'FIN_LETTER_I_O'],
  ])('%j → %s', (value, expected) => expect(validateFin(value)).toBe(expected));
});

describe('ID card, passport, residence permit, foreign PIN', () => {
  it.each([
    ['AA1234567', null],
    ['AZE12345678', null],
    ['12345678', null],
    ['A1234567', 'ID_NUMBER_FORMAT'],
    ['AA123456', 'ID_NUMBER_FORMAT'],
    ['', 'REQUIRED'],
  ])('ID card number %j → %s', (v, e) => expect(validateIdCardNumber(v)).toBe(e));
  it.each([
    ['MYİ1234567', null],
    ['DYI7654321', null],
    ['myi1234567', null],
    ['XYZ1234567', 'RESIDENCE_PERMIT_FORMAT'],
    ['MYİ123456', 'RESIDENCE_PERMIT_FORMAT'],
  ])('residence permit %j → %s', (v, e) => expect(validateResidencePermit(v)).toBe(e));
  it.each([
    ['L898902C3', null],
    ['U1234', null],
    ['U12', 'PASSPORT_NUMBER_FORMAT'],
    ['U12345678901', 'PASSPORT_NUMBER_FORMAT'],
  ])('passport %j → %s', (v, e) => expect(validatePassportNumber(v)).toBe(e));
  it.each([
    ['AB12C', null],
    ['AB12C3', null],
    ['AB1', 'FOREIGN_PIN_FORMAT'],
  ])('foreign personal code %j → %s', (v, e) => expect(validateForeignPin(v)).toBe(e));
});

describe('VÖEN', () => {
  // 140000000? : weights 4,1,8,6,2,7,5,3 over "14000000" = 4+4 = 8 → check digit 8
  it.each([
    ['1400000081', null],
    ['1400000082', null],
    ['1400000083', 'VOEN_STATUS_DIGIT'],
    ['1400000071', 'VOEN_CHECK_DIGIT'],
    ['140000008', 'VOEN_FORMAT'],
    ['14000000A1', 'VOEN_FORMAT'],
    ['', 'REQUIRED'],
  ])('%j → %s', (v, e) => expect(validateVoen(v)).toBe(e));

  it('never accepts a number whose weighted sum leaves 10 (no digit can hold it)', () => {
    // 9 ⋅ 4 + … chosen so that the sum mod 11 = 10: "25000000" → 2⋅4 + 5⋅1 = 13 → 2; search a few instead.
    let found = 0;
    for (let n = 0; n < 2000; n++) {
      const body = String(10_000_000 + n * 37).padStart(8, '0');
      const w = [4, 1, 8, 6, 2, 7, 5, 3];
      const sum = body.split('').reduce((s, d, i) => s + Number(d) * w[i], 0);
      if (sum % 11 === 10) {
        found++;
        for (let d = 0; d <= 9; d++) expect(validateVoen(`${body}${d}1`)).toBe('VOEN_CHECK_DIGIT');
      }
    }
    expect(found).toBeGreaterThan(0);
  });

  it('tells legal persons (…1) from natural persons (…2)', () => {
    expect(voenKind('1400000081')).toBe('legal');
    expect(voenKind('1400000082')).toBe('natural');
    expect(voenKind('1400000071')).toBeNull();
  });
});

describe('MSISDN', () => {
  it.each([
    ['+994 50 123 45 67', '+994501234567'],
    ['0501234567', '+994501234567'],
    ['994551234567', '+994551234567'],
    ['050-123-45-67', '+994501234567'],
    ['+99450123456', null],
    ['+7 901 123 45 67', null],
  ])('normalises %j → %s', (v, e) => expect(normaliseMsisdn(v)).toBe(e));
  it.each([
    ['+994501234567', null],
    ['0771234567', null],
    ['0124567890', 'MSISDN_NOT_MOBILE'], // Baku landline
    ['12345', 'MSISDN_FORMAT'],
    ['', 'REQUIRED'],
  ])('mobile %j → %s', (v, e) => expect(validateMobileMsisdn(v, MOBILE)).toBe(e));
});

describe('ICCID and IMEI (Luhn)', () => {
  const iccidBody = '899940100001234567'; // 18 digits: 89 994 01 …
  const iccid = iccidBody + luhnCheckDigit(iccidBody);
  it.each([
    [iccid, null],
    [iccidBody + ((luhnCheckDigit(iccidBody) + 1) % 10), 'ICCID_CHECK_DIGIT'],
    ['8990012345678901234', 'ICCID_NOT_AZ'],
    ['89994012', 'ICCID_FORMAT'],
    ['', 'REQUIRED'],
  ])('ICCID %j → %s', (v, e) => expect(validateIccid(v)).toBe(e));
  it.each([
    ['490154203237518', null], // a widely published valid IMEI
    ['490154203237517', 'IMEI_CHECK_DIGIT'],
    ['49015420323751', 'IMEI_FORMAT'],
    ['49-015420-323751-8', null],
  ])('IMEI %j → %s', (v, e) => expect(validateImei(v)).toBe(e));
  it('Luhn rejects non-digits', () => {
    expect(luhnValid('4901542032375a8')).toBe(false);
  });
});

describe('ICAO check digit', () => {
  it.each([
    ['D23145890', 7],
    ['740812', 2],
    ['120415', 9],
    ['L898902C3', 6],
    ['<<<<<<', 0],
  ])('%s → %d', (field, digit) => expect(mrzCheckDigit(field)).toBe(digit));
  it('refuses characters outside the MRZ alphabet', () => expect(mrzCheckDigit('AB-12')).toBe(-1));
});
