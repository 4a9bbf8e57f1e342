// The identity recorded on a visit, and the rules a clerk's manual or MRZ entry must pass (DOMAIN.md §2, §6).
import { z } from 'zod';
import { isIsoDate } from './dates';
import { validateFin, validateForeignPin, validateIdCardNumber, validatePassportNumber, validateResidencePermit } from './identifiers';
import { isoToMrzDate, mrzProblem, parseMrz } from './mrz';
import { lengthCode } from './field-codes';

/** The longest name the visit keeps; checked at the field before a supervisor is asked to approve a manual entry. */
export const NAME_MAX = 80;

export const identityMethods = ['chip', 'mrz', 'manual'] as const;
export type IdentityMethod = (typeof identityMethods)[number];

const name = z.string().trim().min(1).max(NAME_MAX);
const isoDate = z.string().refine(isIsoDate, 'DATE_FORMAT');

export const citizenIdentitySchema = z.object({
  kind: z.literal('citizen'),
  fin: z.string().trim().toUpperCase(),
  documentNumber: z.string().trim().toUpperCase(),
  surname: name,
  givenName: name,
  patronymic: z.string().trim().max(NAME_MAX).default(''),
  birthDate: isoDate,
  /** null: cards issued from age 55 may carry no expiry. */
  expiryDate: isoDate.nullable(),
  mrz: z.string().max(200).optional(),
});

export const foreignerIdentitySchema = z.object({
  kind: z.literal('foreigner'),
  passportNumber: z.string().trim().toUpperCase(),
  nationality: z.string().trim().toUpperCase(),
  surname: name,
  givenName: name,
  birthDate: isoDate,
  passportExpiry: isoDate,
  residencePermitNumber: z.string().trim(),
  residencePermitExpiry: isoDate,
  personalCode: z.string().trim().toUpperCase().default(''),
  mrz: z.string().max(200).optional(),
});

export const identitySchema = z.discriminatedUnion('kind', [citizenIdentitySchema, foreignerIdentitySchema]);
export type Identity = z.infer<typeof identitySchema>;
export type IdentityInput = z.input<typeof identitySchema>;

export type FieldErrors = Record<string, string>;

function setIf(errors: FieldErrors, field: string, code: string | null): void {
  if (code && !errors[field]) errors[field] = code;
}

function dateRules(errors: FieldErrors, field: string, value: string | null | undefined, today: string, rule: 'past' | 'future'): void {
  if (value === null || value === undefined || value === '') {
    if (rule === 'past') setIf(errors, field, 'REQUIRED');
    return;
  }
  if (!isIsoDate(value)) return setIf(errors, field, 'DATE_FORMAT');
  if (rule === 'past' && value >= today) setIf(errors, field, 'DATE_NOT_PAST');
  if (rule === 'future' && value < today) setIf(errors, field, 'DOCUMENT_EXPIRED');
}

/**
 * Field-by-field verdicts for an identity typed by the clerk. Empty object = valid.
 * When an MRZ is typed or pasted, its check digits must hold and it must agree with the typed fields.
 */
export function validateIdentity(input: IdentityInput, today: string): FieldErrors {
  const errors: FieldErrors = {};
  for (const f of ['surname', 'givenName'] as const) {
    if (!input[f] || input[f].trim() === '') errors[f] = 'REQUIRED';
    else setIf(errors, f, lengthCode(input[f], NAME_MAX));
  }
  if (input.kind === 'citizen') setIf(errors, 'patronymic', lengthCode(input.patronymic, NAME_MAX));
  dateRules(errors, 'birthDate', input.birthDate, today, 'past');
  if (input.kind === 'citizen') {
    setIf(errors, 'fin', validateFin(input.fin ?? ''));
    setIf(errors, 'documentNumber', validateIdCardNumber(input.documentNumber ?? ''));
    dateRules(errors, 'expiryDate', input.expiryDate, today, 'future');
  } else {
    setIf(errors, 'passportNumber', validatePassportNumber(input.passportNumber ?? ''));
    if (!/^[A-Z<]{3}$/.test((input.nationality ?? '').trim().toUpperCase())) setIf(errors, 'nationality', 'NATIONALITY_FORMAT');
    dateRules(errors, 'passportExpiry', input.passportExpiry || null, today, 'future');
    if (!input.passportExpiry) setIf(errors, 'passportExpiry', 'REQUIRED');
    setIf(errors, 'residencePermitNumber', validateResidencePermit(input.residencePermitNumber ?? ''));
    dateRules(errors, 'residencePermitExpiry', input.residencePermitExpiry || null, today, 'future');
    if (!input.residencePermitExpiry) setIf(errors, 'residencePermitExpiry', 'REQUIRED');
    if (input.personalCode && input.personalCode.trim() !== '') setIf(errors, 'personalCode', validateForeignPin(input.personalCode));
  }
  if (input.mrz && input.mrz.trim() !== '') {
    const parsed = parseMrz(input.mrz);
    const problem = mrzProblem(parsed);
    if (problem) errors.mrz = problem;
    else if (parsed.ok) {
      const m = parsed.mrz;
      const docNumber = input.kind === 'citizen' ? input.documentNumber : input.passportNumber;
      const expiry = input.kind === 'citizen' ? input.expiryDate : input.passportExpiry;
      const mismatch =
        (docNumber && m.documentNumber !== docNumber.trim().toUpperCase().replace(/^AZE/, '')) ||
        (input.birthDate && isIsoDate(input.birthDate) && m.birthDate !== isoToMrzDate(input.birthDate)) ||
        (expiry && isIsoDate(expiry) && m.expiryDate !== isoToMrzDate(expiry)) ||
        (input.kind === 'citizen' && m.fin && input.fin && m.fin !== input.fin.trim().toUpperCase());
      if (mismatch) errors.mrz = 'MRZ_MISMATCH';
    }
  }
  return errors;
}

/** A one-line description for journals and receipts. */
export function identityLabel(identity: Identity): string {
  const who = `${identity.surname} ${identity.givenName}`;
  return identity.kind === 'citizen' ? `${who} · FIN ${identity.fin}` : `${who} · ${identity.nationality} ${identity.passportNumber}`;
}
