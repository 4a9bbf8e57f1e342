// Printed document versus chip: the clerk's ID check compares what is printed (MRZ scanned or typed) with
// what the chip says, field by field, and refuses an expired card.
import { mrzDateToIso, type Mrz } from '../../../../common/domain/mrz';
import { localIsoDate } from '../../../../common/domain/dates';

export type ComparedField = 'documentNumber' | 'surname' | 'givenNames' | 'nationality' | 'birthDate' | 'sex' | 'expiryDate' | 'issuingState' | 'fin' | 'optionalData';

export interface FieldComparison {
  field: ComparedField;
  printed: string | null;
  chip: string | null;
  /** null when the printed side is unknown (only document number and dates were typed). */
  match: boolean | null;
}

/** What the clerk gave us: a full printed MRZ, or just the three BAC fields. */
export type PrintedData = { kind: 'mrz'; mrz: Mrz } | { kind: 'fields'; documentNumber: string; birthDate: string; expiryDate: string };

function norm(v: string | null): string | null {
  return v === null ? null : v.replace(/</g, ' ').replace(/\s+/g, ' ').trim();
}

export function compareWithChip(printed: PrintedData, chip: Mrz): FieldComparison[] {
  const chipValues: Record<ComparedField, string | null> = {
    documentNumber: chip.documentNumber,
    surname: chip.surname,
    givenNames: chip.givenNames,
    nationality: chip.nationality,
    birthDate: chip.birthDate,
    sex: chip.sex,
    expiryDate: chip.expiryDate,
    issuingState: chip.issuingState,
    fin: chip.fin,
    optionalData: chip.optionalData,
  };
  const printedValues: Record<ComparedField, string | null | undefined> =
    printed.kind === 'mrz'
      ? {
          documentNumber: printed.mrz.documentNumber,
          surname: printed.mrz.surname,
          givenNames: printed.mrz.givenNames,
          nationality: printed.mrz.nationality,
          birthDate: printed.mrz.birthDate,
          sex: printed.mrz.sex,
          expiryDate: printed.mrz.expiryDate,
          issuingState: printed.mrz.issuingState,
          fin: printed.mrz.fin,
          optionalData: printed.mrz.optionalData,
        }
      : {
          documentNumber: printed.documentNumber,
          surname: undefined,
          givenNames: undefined,
          nationality: undefined,
          birthDate: printed.birthDate,
          sex: undefined,
          expiryDate: printed.expiryDate === '<<<<<<' ? null : printed.expiryDate,
          issuingState: undefined,
          fin: undefined,
          optionalData: undefined,
        };
  return (Object.keys(chipValues) as ComparedField[]).map((field) => {
    const p = printedValues[field];
    const c = norm(chipValues[field]);
    if (p === undefined) return { field, printed: null, chip: c, match: null };
    return { field, printed: norm(p), chip: c, match: norm(p) === c };
  });
}

export interface ExpiryCheck {
  /** ISO date, or null for a card without expiry. */
  expiryDate: string | null;
  expired: boolean;
}

/** A card expires at the end of its expiry day (desk local date). */
export function checkExpiry(chip: Mrz, now: Date = new Date()): ExpiryCheck {
  if (chip.expiryDate === null) return { expiryDate: null, expired: false };
  const iso = mrzDateToIso(chip.expiryDate, 'expiry', now);
  if (!iso) return { expiryDate: null, expired: true };
  return { expiryDate: iso, expired: iso < localIsoDate(now) };
}
