// The ID check's chip read, start to finish: PACE (MRZ or CAN) or SELECT + BAC with the printed MRZ,
// secure messaging, EF.COM / DG1 / DG2 / EF.SOD, then the comparison with the printed data, the expiry
// check and passive authentication. Hardware comes in as a port (`withCard`), so the same class runs on
// the PC/SC card service, the CLI and an in-process virtual chip in tests.
import type { CardChannel } from '../../../../common/apdu/channel';
import type { CommandApdu, ResponseApdu } from '../../../../common/apdu/apdu';
import { zeroize } from '../../../../common/bytes';
import { AppError, ErrorCode, isAppError } from '../../../../common/errors';
import { mrzDateToIso, parseMrz, type Mrz } from '../../../../common/domain/mrz';
import { MrzInformation } from '../../../../common/mrz/mrz-information';
import type { ChipRead, ChipReadInput, ChipReadProgress } from '../../../../common/ipc/channels/idcard';
import { secureRandom, type RandomSource } from './bac';
import { openChip, type OpenedChip } from './access-control';
import { SecureChannel, SecureMessaging } from './sm';
import { LdsReader } from './lds';
import { parseDg1, parseDg2, parseEfCom } from './data-groups';
import { chipPhoto, preloadJpeg2000Decoder } from './face-image';
import { verifyPassive } from './passive-auth';
import { readWithCloneChecks, vouchedCloneCheck } from './clone-checks';
import { checkExpiry, compareWithChip, type PrintedData } from './compare';
import { trustAnchors, type TrustAnchors } from './trust-source';
import type { TrustMaterial } from '../../../../node-common/icao-trust-rows';

/** Runs `fn` with a channel to the card in `reader` (or the one ID card present); the port owns connect/disconnect. */
export type WithCard = <T>(reader: string | undefined, fn: (channel: CardChannel, readerName: string | null) => Promise<T>) => Promise<T>;

export interface IdChipReaderOptions {
  withCard: WithCard;
  /** Directory of trusted CSCA certificates; null/undefined → the CSCA step is "not checked". Read at each check. */
  cscaDirectory?: () => string | null | undefined;
  /** The trust list the sync server distributes (CSCAs of master lists, CRLs); the folder adds to it. Read at each check. */
  trust?: () => TrustMaterial | null;
  random?: RandomSource;
  now?: () => Date;
  chunkSize?: number;
}

class CountingChannel implements CardChannel {
  count = 0;
  constructor(private readonly inner: CardChannel) {}
  transmit(command: CommandApdu): Promise<ResponseApdu> {
    this.count++;
    return this.inner.transmit(command);
  }
}

/** Turns the clerk's input into BAC key material plus what to compare the chip against. */
export function printedDataFrom(input: ChipReadInput): { info: MrzInformation; printed: PrintedData } {
  if ('mrz' in input) {
    const parsed = parseMrz(input.mrz);
    const info = MrzInformation.fromMrzText(input.mrz);
    if (!parsed.ok) throw new AppError(ErrorCode.InvalidInput, 'The MRZ is not readable', { fields: { mrz: parsed.code } });
    return { info, printed: { kind: 'mrz', mrz: parsed.mrz } };
  }
  const info = MrzInformation.fromFields(input);
  return {
    info,
    printed: { kind: 'fields', documentNumber: info.documentNumber, birthDate: info.birthDate, expiryDate: info.expiryDate },
  };
}

function chipData(mrz: Mrz, now: Date): ChipRead['chip'] {
  return {
    format: mrz.format,
    documentCode: mrz.documentCode,
    issuingState: mrz.issuingState,
    documentNumber: mrz.documentNumber,
    surname: mrz.surname,
    givenNames: mrz.givenNames,
    nationality: mrz.nationality,
    birthDate: mrz.birthDate,
    birthDateIso: mrzDateToIso(mrz.birthDate, 'birth', now),
    sex: mrz.sex,
    expiryDate: mrz.expiryDate,
    expiryDateIso: mrz.expiryDate ? mrzDateToIso(mrz.expiryDate, 'expiry', now) : null,
    fin: mrz.fin,
    optionalData: mrz.optionalData,
    mrzLines: mrz.lines,
    checkDigitsValid: mrz.valid,
  };
}

export class IdChipReader {
  constructor(private readonly options: IdChipReaderOptions) {}

  /** The central trust list plus the CSCA folder (trust-source.ts); no CSCA at all → the CSCA step is "not checked". */
  private trustAnchors(): TrustAnchors {
    return trustAnchors(this.options.trust?.() ?? null, this.options.cscaDirectory?.());
  }

  /**
   * PACE when EF.CardAccess offers it (keyed by the CAN when given), else SELECT + BAC (access-control.ts); for a
   * card without expiry date, also tries the other check digit ICAO allows for a blank field.
   */
  private async authenticate(channel: CardChannel, info: MrzInformation, can: string | undefined): Promise<OpenedChip> {
    const candidates = [info, info.alternativeForBlankExpiry()].filter((c): c is MrzInformation => c !== null);
    return openChip(channel, { candidates, can, random: this.options.random ?? secureRandom });
  }

  async read(input: ChipReadInput, onProgress: (p: ChipReadProgress) => void = () => {}): Promise<ChipRead> {
    const started = performance.now();
    const now = this.options.now?.() ?? new Date();
    const { info, printed } = printedDataFrom(input);
    const { cscas: csca, crls } = this.trustAnchors();
    onProgress({ stage: 'connecting' });
    preloadJpeg2000Decoder(); // most chips store the face as JPEG 2000: its decoder compiles while the card talks
    const files = await this.options.withCard(input.reader, async (plain, readerName) => {
      const counting = new CountingChannel(plain);
      let secure: SecureChannel | null = null;
      try {
        onProgress({ stage: 'authenticating' });
        const { keys: session, accessControl } = await this.authenticate(counting, info, input.can);
        secure = new SecureChannel(counting, new SecureMessaging(session));
        // SecureMessaging keeps its own copies; these must not linger after the read.
        zeroize(session.ksEnc);
        zeroize(session.ksMac);
        const ldsOn = (channel: CardChannel) =>
          new LdsReader(channel, { chunkSize: this.options.chunkSize, onProgress: (p) => onProgress({ stage: 'reading', ...p }) });
        const com = await ldsOn(secure).readFile('COM');
        // Clone detection (clone-checks.ts): CA may restart secure messaging, so the channel can change under us.
        const reopen = async () => new SecureChannel(counting, new SecureMessaging((await this.authenticate(counting, info, input.can)).keys));
        const read = await readWithCloneChecks({ plain: counting, secure, reopen, onChannel: (c) => (secure = c), lds: ldsOn, com, random: this.options.random ?? secureRandom });
        const { dg1, dg2, sod } = read;
        if (!dg1) throw new AppError(ErrorCode.CardError, 'The chip has no DG1 (MRZ data)');
        return { readerName, com, ...read, dg1, dg2, sod, accessControl, apduCount: counting.count };
      } catch (e) {
        throw isAppError(e) ? e : new AppError(ErrorCode.CardError, `Chip read failed: ${(e as Error).message}`, { cause: e });
      } finally {
        secure?.close();
      }
    });

    onProgress({ stage: 'verifying' });
    const chipMrz = parseDg1(files.dg1);
    const dataGroups = new Map<number, Uint8Array>([[1, files.dg1]]);
    if (files.dg2) dataGroups.set(2, files.dg2);
    if (files.dg14) dataGroups.set(14, files.dg14);
    if (files.dg15) dataGroups.set(15, files.dg15);
    const passiveAuth = files.sod ? await verifyPassive({ sod: files.sod, dataGroups, cscaCertificates: csca, crls, at: now }) : null;
    const photo = files.dg2 ? await chipPhoto(parseDg2(files.dg2)) : null;
    const comparison = compareWithChip(printed, chipMrz);
    onProgress({ stage: 'done' });
    return {
      reader: files.readerName,
      chip: chipData(chipMrz, now),
      photo,
      comparison,
      matchesPrinted: comparison.every((c) => c.match !== false),
      expiry: checkExpiry(chipMrz, now),
      passiveAuth,
      activeAuth: vouchedCloneCheck(files.activeAuth, 15, passiveAuth),
      chipAuth: vouchedCloneCheck(files.chipAuth, 14, passiveAuth),
      accessControl: files.accessControl,
      dataGroups: files.com ? parseEfCom(files.com).dataGroupTags.map(tagToDataGroup).filter((n): n is number => n !== null) : [1, 2],
      apduCount: files.apduCount,
      durationMs: Math.round(performance.now() - started),
    };
  }
}

/** EF.COM lists data groups by their tags: 61 → DG1, 75 → DG2, 63 → DG3 … (Doc 9303 part 10 table). */
const DG_TAGS: Record<number, number> = { 0x61: 1, 0x75: 2, 0x63: 3, 0x76: 4, 0x65: 5, 0x66: 6, 0x67: 7, 0x68: 8, 0x69: 9, 0x6a: 10, 0x6b: 11, 0x6c: 12, 0x6d: 13, 0x6e: 14, 0x6f: 15, 0x70: 16 };
function tagToDataGroup(tag: number): number | null {
  return DG_TAGS[tag] ?? null;
}
