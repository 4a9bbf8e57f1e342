// Decoding the data groups read from the chip: EF.COM (which groups exist), DG1 (the MRZ as the chip
// stores it) and DG2 (the face image inside an ISO/IEC 19794-5 biometric data block).
import { findTag, parseTlv } from '../../../../common/apdu/tlv';
import { AppError, ErrorCode } from '../../../../common/errors';
import { parseMrz, type Mrz } from '../../../../common/domain/mrz';

export function parseEfCom(bytes: Uint8Array): { ldsVersion: string | null; dataGroupTags: number[] } {
  const tlvs = parseTlv(bytes);
  const version = findTag(tlvs, 0x5f01);
  const list = findTag(tlvs, 0x5c);
  return {
    ldsVersion: version ? new TextDecoder().decode(version.value) : null,
    dataGroupTags: list ? [...list.value] : [],
  };
}

export function parseDg1(bytes: Uint8Array): Mrz {
  const mrzObject = findTag(parseTlv(bytes), 0x5f1f);
  if (!mrzObject) throw new AppError(ErrorCode.CardError, 'DG1 on the chip holds no MRZ');
  const text = new TextDecoder('latin1').decode(mrzObject.value);
  const parsed = parseMrz(text);
  if (!parsed.ok) throw new AppError(ErrorCode.CardError, `The MRZ stored on the chip is not readable (${parsed.code})`);
  return parsed.mrz;
}

export type FaceImage =
  | { displayable: true; mime: 'image/jpeg'; bytes: Uint8Array; width: number | null; height: number | null }
  | { displayable: false; mime: 'image/jp2' | 'image/j2k' | 'application/octet-stream'; bytes: Uint8Array; width: number | null; height: number | null; reason: string };

const JPEG_SOI = [0xff, 0xd8, 0xff];
const JP2_SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
const J2K_CODESTREAM = [0xff, 0x4f, 0xff, 0x51];

function startsWith(bytes: Uint8Array, prefix: number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

function indexOf(bytes: Uint8Array, pattern: number[]): number {
  outer: for (let i = 0; i + pattern.length <= bytes.length; i++) {
    for (let k = 0; k < pattern.length; k++) if (bytes[i + k] !== pattern[k]) continue outer;
    return i;
  }
  return -1;
}

// Not displayable *yet*: face-image.ts decodes JPEG 2000 (a JP2 file or a raw codestream) after the read.
const JPEG2000_REASON = 'The chip photo is JPEG 2000, still to be decoded; compare the face with the printed photo on the card.';

function classify(image: Uint8Array, width: number | null, height: number | null): FaceImage {
  if (startsWith(image, JPEG_SOI)) return { displayable: true, mime: 'image/jpeg', bytes: image, width, height };
  if (startsWith(image, JP2_SIGNATURE)) return { displayable: false, mime: 'image/jp2', bytes: image, width, height, reason: JPEG2000_REASON };
  if (startsWith(image, J2K_CODESTREAM)) return { displayable: false, mime: 'image/j2k', bytes: image, width, height, reason: JPEG2000_REASON };
  return { displayable: false, mime: 'application/octet-stream', bytes: image, width, height, reason: 'The chip photo is in an unknown image format.' };
}

/**
 * The first face image of DG2. Reads the 19794-5 header when present ("FAC\0"); otherwise (other
 * biometric formats) falls back to locating a JPEG or JPEG 2000 signature inside the data block.
 */
export function parseDg2(bytes: Uint8Array): FaceImage {
  const tlvs = parseTlv(bytes);
  const block = findTag(tlvs, 0x5f2e) ?? findTag(tlvs, 0x7f2e);
  if (!block) throw new AppError(ErrorCode.CardError, 'DG2 on the chip holds no biometric data block');
  const bdb = block.value;
  if (startsWith(bdb, [0x46, 0x41, 0x43, 0x00]) && bdb.length >= 46) {
    const featurePoints = (bdb[18] << 8) | bdb[19];
    const imageInfo = 14 + 20 + featurePoints * 8;
    if (imageInfo + 12 <= bdb.length) {
      const width = (bdb[imageInfo + 2] << 8) | bdb[imageInfo + 3];
      const height = (bdb[imageInfo + 4] << 8) | bdb[imageInfo + 5];
      return classify(bdb.subarray(imageInfo + 12), width, height);
    }
  }
  for (const signature of [JPEG_SOI, JP2_SIGNATURE, J2K_CODESTREAM]) {
    const at = indexOf(bdb, signature);
    if (at >= 0) return classify(bdb.subarray(at), null, null);
  }
  return classify(bdb, null, null);
}
