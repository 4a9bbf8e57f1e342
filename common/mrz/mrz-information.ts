// The "MRZ information" that keys Basic Access Control (ICAO Doc 9303 part 11 §9.7.2): document number,
// date of birth and date of expiry, each followed by its check digit. It comes either from a scanned MRZ or
// from the three fields typed by the clerk; in both cases the check digits are recomputed from the values,
// so a mistyped printed check digit cannot produce a wrong key.
import { AppError, ErrorCode } from '../errors';
import { mrzCheckDigit } from '../domain/checksums';
import { parseMrz, mrzProblem, type Mrz } from '../domain/mrz';

export interface BacInput {
  /** As printed, without filler; 9 characters or fewer for most documents, longer for some TD1 cards. */
  documentNumber: string;
  /** YYMMDD. */
  birthDate: string;
  /** YYMMDD; `<<<<<<` for cards without an expiry date. */
  expiryDate: string;
}

export class MrzInformation {
  private constructor(
    readonly documentNumber: string,
    readonly birthDate: string,
    readonly expiryDate: string,
    /** Check digit printed for a blank (`<<<<<<`) expiry: ICAO allows '0' or '<', and the key must use what is printed. */
    private readonly blankExpiryCheck: '0' | '<' = '0',
  ) {}

  get hasBlankExpiry(): boolean {
    return this.expiryDate === '<<<<<<';
  }

  /** For a blank expiry: the same information with the other allowed check digit (the clerk cannot see which one the chip uses). */
  alternativeForBlankExpiry(): MrzInformation | null {
    if (!this.hasBlankExpiry) return null;
    return new MrzInformation(this.documentNumber, this.birthDate, this.expiryDate, this.blankExpiryCheck === '0' ? '<' : '0');
  }

  /** Validates the three fields and normalises them (upper case, filler for short document numbers). */
  static fromFields(input: BacInput): MrzInformation {
    const fields: Record<string, string> = {};
    const doc = input.documentNumber.trim().toUpperCase().replace(/\s+/g, '');
    if (!/^[A-Z0-9<]{1,22}$/.test(doc)) fields.documentNumber = 'MRZ_DOCUMENT_NUMBER';
    if (!/^\d{6}$/.test(input.birthDate)) fields.birthDate = 'MRZ_BIRTH_DATE';
    if (!/^(\d{6}|<{6})$/.test(input.expiryDate)) fields.expiryDate = 'MRZ_EXPIRY_DATE';
    if (Object.keys(fields).length > 0) {
      throw new AppError(ErrorCode.InvalidInput, 'Document number, birth date (YYMMDD) and expiry date (YYMMDD) are needed to open the chip', { fields });
    }
    return new MrzInformation(doc.replace(/<+$/, ''), input.birthDate, input.expiryDate);
  }

  /** From scanned MRZ text; refuses an MRZ whose check digits do not match (the key would be wrong anyway). */
  static fromMrzText(text: string): MrzInformation {
    const parsed = parseMrz(text);
    const problem = mrzProblem(parsed);
    if (!parsed.ok || (problem && problem !== 'MRZ_CHECK_COMPOSITE' && problem !== 'MRZ_CHECK_PERSONAL_NUMBER')) {
      throw new AppError(ErrorCode.InvalidInput, `The MRZ is not readable (${problem})`, { fields: { mrz: problem ?? 'MRZ_FORMAT' } });
    }
    return MrzInformation.fromMrz(parsed.mrz);
  }

  static fromMrz(mrz: Mrz): MrzInformation {
    const info = MrzInformation.fromFields({
      documentNumber: mrz.documentNumber.replace(/ /g, '<'),
      birthDate: mrz.birthDate,
      expiryDate: mrz.expiryDate ?? '<<<<<<',
    });
    return info.hasBlankExpiry && mrz.expiryDateCheck === '<' ? info.alternativeForBlankExpiry()! : info;
  }

  /** The key-seed string: number padded to 9 with '<' (longer numbers kept whole) + check, birth + check, expiry + check. */
  toKeyString(): string {
    const doc = this.documentNumber.padEnd(9, '<');
    const expiryCheck = this.hasBlankExpiry ? this.blankExpiryCheck : String(mrzCheckDigit(this.expiryDate));
    return doc + mrzCheckDigit(doc) + this.birthDate + mrzCheckDigit(this.birthDate) + this.expiryDate + expiryCheck;
  }
}
