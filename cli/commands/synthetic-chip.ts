// A chip read made up from an identity, for `masa load` and the desk test harness: visits by chip need a read the
// main process keeps (services/chip-reads.ts). In-process only — `ChipReads.keep` is not an IPC channel, so nothing
// outside the process can hand the desk such a read. Its record says where it came from (reader "synthetic").
import type { ChipRead } from '../../common/ipc/channels/idcard';
import { NOT_OFFERED } from '../../common/ipc/channels/idcard-clone';
import { localIsoDate } from '../../common/domain/dates';

const yymmdd = (iso: unknown): string | null => (typeof iso === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(iso) ? iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) : null);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** What a genuine, authentic chip of this person's document would give (TD1 ID card, or TD3 passport). */
export function syntheticChipRead(identity: Record<string, unknown>, now: Date): ChipRead {
  const passport = identity.kind === 'foreigner';
  const expiryIso = passport ? text(identity.passportExpiry) || null : ((identity.expiryDate as string | null | undefined) ?? null);
  const nationality = passport ? text(identity.nationality) : 'AZE';
  return {
    reader: 'synthetic',
    chip: {
      format: passport ? 'TD3' : 'TD1',
      documentCode: passport ? 'P' : 'ID',
      issuingState: nationality,
      documentNumber: text(passport ? identity.passportNumber : identity.documentNumber),
      surname: text(identity.surname),
      givenNames: text(identity.givenName),
      nationality,
      birthDate: yymmdd(identity.birthDate) ?? '',
      birthDateIso: text(identity.birthDate) || null,
      sex: 'X',
      expiryDate: yymmdd(expiryIso),
      expiryDateIso: expiryIso,
      fin: passport ? null : text(identity.fin) || null,
      optionalData: '',
      mrzLines: [],
      checkDigitsValid: true,
    },
    photo: null,
    comparison: [],
    matchesPrinted: true,
    expiry: { expiryDate: yymmdd(expiryIso), expired: expiryIso !== null && expiryIso < localIsoDate(now) },
    passiveAuth: { hashes: 'ok', signature: 'ok', csca: 'trusted', mismatchedDataGroups: [], hashAlgorithm: 'SHA-256', documentSigner: null, cscaSubject: null, problems: [] },
    activeAuth: NOT_OFFERED,
    chipAuth: NOT_OFFERED,
    dataGroups: [1, 2],
    apduCount: 0,
    durationMs: 0,
  };
}

/** A residence permit typed beside a passport's chip, from the identity. */
export function typedPermitOf(identity: Record<string, unknown>) {
  return identity.kind === 'foreigner'
    ? { residencePermitNumber: text(identity.residencePermitNumber), residencePermitExpiry: text(identity.residencePermitExpiry), personalCode: text(identity.personalCode) }
    : undefined;
}
