// What a JPEG 2000 image says about itself before anything decodes it: where its codestream is (a JP2 file
// wraps it in boxes, ISO/IEC 15444-1 annex I; a raw J2K codestream starts with it) and the image and
// component sizes of its SIZ marker segment (annex A.5.1). The face decoder reads this first so that a chip
// claiming a 60000×60000 photo is refused before the decoder allocates for it.

export interface Jpeg2000Component {
  /** Bits per sample, 1–38. */
  precision: number;
  signed: boolean;
  /** Subsampling: 1 means every pixel has a sample of this component. */
  dx: number;
  dy: number;
}

export interface Jpeg2000Header {
  container: 'jp2' | 'j2k';
  width: number;
  height: number;
  components: Jpeg2000Component[];
}

export type Jpeg2000HeaderResult = { ok: true; header: Jpeg2000Header } | { ok: false; reason: string };

const JP2_SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
const SOC_SIZ = [0xff, 0x4f, 0xff, 0x51];

function startsWith(bytes: Uint8Array, prefix: number[], at = 0): boolean {
  return prefix.every((b, i) => bytes[at + i] === b);
}

function u16(b: Uint8Array, at: number): number {
  return (b[at] << 8) | b[at + 1];
}

function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) >>> 0) + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);
}

interface Box {
  type: string;
  contentStart: number;
  end: number;
}

/** The boxes between `start` and `end`; stops (without throwing) at a box whose length runs past the data. */
function boxes(b: Uint8Array, start: number, end: number): Box[] {
  const found: Box[] = [];
  let at = start;
  while (at + 8 <= end) {
    let length = u32(b, at);
    const type = String.fromCharCode(b[at + 4], b[at + 5], b[at + 6], b[at + 7]);
    let header = 8;
    if (length === 1) {
      // XLBox: a 64-bit length. A face photo never needs more than 32 bits of it.
      if (at + 16 > end || u32(b, at + 8) !== 0) break;
      length = u32(b, at + 12);
      header = 16;
    } else if (length === 0) {
      length = end - at; // the last box runs to the end of the file
    }
    if (length < header) break;
    // A truncated file still has its codestream box: keep it, SIZ parsing says what is missing.
    found.push({ type, contentStart: at + header, end: Math.min(at + length, end) });
    at += length;
  }
  return found;
}

function parseSiz(b: Uint8Array, at: number, container: 'jp2' | 'j2k'): Jpeg2000HeaderResult {
  if (!startsWith(b, SOC_SIZ, at)) return { ok: false, reason: 'the JPEG 2000 codestream does not start with its SIZ header' };
  const siz = at + 4;
  if (siz + 2 > b.length) return { ok: false, reason: 'the JPEG 2000 image ends inside its header' };
  const lsiz = u16(b, siz);
  if (siz + lsiz > b.length || lsiz < 41) return { ok: false, reason: 'the JPEG 2000 image ends inside its header' };
  const xsiz = u32(b, siz + 4);
  const ysiz = u32(b, siz + 8);
  const xosiz = u32(b, siz + 12);
  const yosiz = u32(b, siz + 16);
  const csiz = u16(b, siz + 36);
  if (lsiz !== 38 + 3 * csiz || csiz === 0) return { ok: false, reason: 'the JPEG 2000 header is inconsistent (component count)' };
  if (xsiz <= xosiz || ysiz <= yosiz) return { ok: false, reason: 'the JPEG 2000 header gives the image no area' };
  const components: Jpeg2000Component[] = [];
  for (let i = 0; i < csiz; i++) {
    const c = siz + 38 + 3 * i;
    components.push({ precision: (b[c] & 0x7f) + 1, signed: (b[c] & 0x80) !== 0, dx: b[c + 1], dy: b[c + 2] });
  }
  return { ok: true, header: { container, width: xsiz - xosiz, height: ysiz - yosiz, components } };
}

/** Reads the header of a JP2 file or a J2K codestream. Never throws: a malformed header is `ok: false` with why. */
export function readJpeg2000Header(b: Uint8Array): Jpeg2000HeaderResult {
  if (startsWith(b, SOC_SIZ)) return parseSiz(b, 0, 'j2k');
  if (!startsWith(b, JP2_SIGNATURE)) return { ok: false, reason: 'not a JPEG 2000 image (no JP2 signature or codestream marker)' };
  for (const box of boxes(b, 0, b.length)) {
    if (box.type === 'jp2c') return parseSiz(b, box.contentStart, 'jp2');
  }
  return { ok: false, reason: 'the JP2 file holds no codestream (jp2c box)' };
}
