// The chip's face photo as the clerk gets it. JPEG goes through as it is; JPEG 2000 (a JP2 file or a raw J2K
// codestream, what most issued chips store in DG2) is decoded here, in main, with OpenJPEG built to
// WebAssembly (@cornerstonejs/codec-openjpeg) and handed on as a PNG, so every consumer (the ID check view,
// `masa read-id --photo`, the JSON) shows it like a JPEG. A photo that cannot be decoded keeps the old
// verdict — not displayable, compare with the printed photo — with the reason; it never fails the read.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ChipRead } from '../../../../common/ipc/channels/idcard';
import type { FaceImage } from './data-groups';
import { readJpeg2000Header, type Jpeg2000Header } from './jpeg2000-header';
import { encodePng } from './png';

export type ChipPhoto = NonNullable<ChipRead['photo']>;

/** Larger than any face photo an eMRTD holds (ICAO asks for about 480×640); bounds what a hostile chip can make us allocate. */
export const MAX_JPEG2000_SIDE = 4096;
/**
 * And at most this many pixels (2048×2048, ~14× a 480×640 face): the decode runs on main's event loop, and a
 * 4096×4096 codestream of a few KB kept it busy for 20 s on a loaded 2-core machine (2048×2048: 5 s).
 */
export const MAX_JPEG2000_PIXELS = 2048 * 2048;

export type Jpeg2000Decoded =
  | { ok: true; png: Uint8Array; width: number; height: number; components: number; precision: number }
  | { ok: false; reason: string };

interface FrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
}
interface J2KDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): FrameInfo;
  delete(): void;
}
interface OpenJpegModule {
  J2KDecoder: new () => J2KDecoder;
}
type OpenJpegFactory = (module: { wasmBinary: Uint8Array; print: (s: string) => void; printErr: (s: string) => void }) => Promise<OpenJpegModule>;

// OpenJPEG reports why a decode failed only in its messages, line by line; the lines of the decode under way
// are collected here (decoding is synchronous, so two decodes never interleave).
let errorLines: string[] = [];
let openJpeg: Promise<OpenJpegModule> | null = null;

/**
 * Loads the decoder once per process. The .wasm is read by path and passed in (wasmBinary) rather than left to
 * Emscripten's own lookup beside its script: the same code then works under tsx (CLI, browser host), in vitest and in
 * electron-vite's built main, where the package stays external and its files are read from node_modules (inside
 * app.asar once packaged: Electron's fs reads it there, so nothing needs unpacking).
 */
function loadOpenJpeg(): Promise<OpenJpegModule> {
  openJpeg ??= (async () => {
    const require = createRequire(import.meta.url);
    const factory = require('@cornerstonejs/codec-openjpeg/decodewasmjs') as OpenJpegFactory;
    const wasmBinary = readFileSync(require.resolve('@cornerstonejs/codec-openjpeg/decodewasm'));
    // OpenJPEG's messages go to either stream depending on the build; both are kept and only [ERROR] lines used.
    const keep = (line: string) => void errorLines.push(line);
    return factory({ wasmBinary, print: keep, printErr: keep });
  })();
  // A failed load is not cached: the next photo tries again.
  openJpeg.catch(() => (openJpeg = null));
  return openJpeg;
}

/**
 * Starts loading the decoder without waiting for it: the chip read calls this as it begins, so that compiling the
 * WebAssembly (most of a first JPEG 2000 photo's cost) overlaps the card's APDUs. A failure shows at the decode.
 */
export function preloadJpeg2000Decoder(): void {
  loadOpenJpeg().catch(() => {});
}

function headerProblem(h: Jpeg2000Header): string | null {
  if (h.width > MAX_JPEG2000_SIDE || h.height > MAX_JPEG2000_SIDE) {
    return `its header claims ${h.width}×${h.height} pixels, more than the ${MAX_JPEG2000_SIDE}×${MAX_JPEG2000_SIDE} a face photo can need`;
  }
  if (h.width * h.height > MAX_JPEG2000_PIXELS) {
    return `its header claims ${h.width}×${h.height} pixels, more than the ${MAX_JPEG2000_PIXELS / 1_048_576} megapixels a face photo can need`;
  }
  if (h.components.length > 4) return `it has ${h.components.length} colour components (1 to 4 are supported)`;
  if (h.components.some((c) => c.dx !== 1 || c.dy !== 1)) return 'its colour components are subsampled, which is not supported';
  const first = h.components[0];
  if (h.components.some((c) => c.precision !== first.precision || c.signed !== first.signed)) return 'its colour components differ in precision';
  if (first.precision > 16) return `its samples have ${first.precision} bits (at most 16 are supported)`;
  return null;
}

/** Sample i of the decoder's interleaved output as an unsigned value of `precision` bits. */
function sampleReader(decoded: Uint8Array, precision: number, signed: boolean): (i: number) => number {
  const offset = signed ? 1 << (precision - 1) : 0;
  if (precision <= 8) return signed ? (i) => ((decoded[i] << 24) >> 24) + offset : (i) => decoded[i];
  // More than 8 bits: two bytes per sample, little-endian.
  return signed
    ? (i) => (((decoded[2 * i] | (decoded[2 * i + 1] << 8)) << 16) >> 16) + offset
    : (i) => decoded[2 * i] | (decoded[2 * i + 1] << 8);
}

/**
 * Interleaved 8-bit grey or RGB from the decoder's samples, precision scaled to 8 bits. A JP2 declared sYCC
 * arrives already turned into RGB (the decoder applies OpenJPEG's colour conversion), so nothing more is done here.
 */
function toEightBit(decoded: Uint8Array, h: Jpeg2000Header): { pixels: Uint8Array; channels: 1 | 3 } {
  const { precision, signed } = h.components[0];
  const count = h.components.length;
  const channels: 1 | 3 = count >= 3 ? 3 : 1;
  // The usual face (8-bit unsigned grey or RGB) is already what a PNG row holds: one copy out of the decoder's memory.
  if (precision === 8 && !signed && count === channels) return { pixels: decoded.slice(0, h.width * h.height * channels), channels };
  const max = 2 ** precision - 1;
  const read = sampleReader(decoded, precision, signed);
  const pixelCount = h.width * h.height;
  const pixels = new Uint8Array(pixelCount * channels);
  const scale = (v: number) => Math.round((Math.min(max, Math.max(0, v)) * 255) / max);
  for (let p = 0; p < pixelCount; p++) {
    const s = p * count;
    if (channels === 1) {
      pixels[p] = scale(read(s));
    } else {
      pixels[3 * p] = scale(read(s));
      pixels[3 * p + 1] = scale(read(s + 1));
      pixels[3 * p + 2] = scale(read(s + 2));
    }
  }
  return { pixels, channels };
}

/** Decodes a JP2 file or J2K codestream to a PNG. Never throws: anything wrong is `ok: false` with the reason. */
export async function decodeJpeg2000(bytes: Uint8Array): Promise<Jpeg2000Decoded> {
  const read = readJpeg2000Header(bytes);
  if (!read.ok) return read;
  const h = read.header;
  const problem = headerProblem(h);
  if (problem) return { ok: false, reason: problem };
  let module: OpenJpegModule;
  try {
    module = await loadOpenJpeg();
  } catch (e) {
    return { ok: false, reason: `the JPEG 2000 decoder could not be loaded (${e instanceof Error ? e.message : String(e)})` };
  }
  let decoder: J2KDecoder | null = null;
  errorLines = [];
  try {
    decoder = new module.J2KDecoder();
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    decoder.decode();
    const info = decoder.getFrameInfo();
    // OpenJPEG does not throw on a broken stream: it says so on its error stream and leaves the frame empty.
    if (info.width !== h.width || info.height !== h.height || info.componentCount !== h.components.length) {
      const why = errorLines.find((l) => l.startsWith('[ERROR]'))?.replace(/^\[ERROR\]\s*/, '').trim();
      return { ok: false, reason: `the JPEG 2000 image could not be decoded${why ? ` (${why})` : ''}` };
    }
    const bytesPerSample = h.components[0].precision > 8 ? 2 : 1;
    const decoded = decoder.getDecodedBuffer();
    if (decoded.length < h.width * h.height * h.components.length * bytesPerSample) {
      return { ok: false, reason: 'the JPEG 2000 decoder returned fewer samples than the image has' };
    }
    const { pixels, channels } = toEightBit(decoded, h);
    return { ok: true, png: encodePng(h.width, h.height, channels, pixels), width: h.width, height: h.height, components: h.components.length, precision: h.components[0].precision };
  } catch (e) {
    // A WebAssembly trap (out of memory, a bug in the decoder) ends this photo only. Emscripten leaves an aborted
    // module unusable, so the next photo loads a fresh one.
    openJpeg = null;
    decoder = null;
    return { ok: false, reason: `the JPEG 2000 decoder failed (${e instanceof Error ? e.message : String(e)})` };
  } finally {
    try {
      decoder?.delete();
    } catch {
      openJpeg = null; // freeing failed: the module is not trusted with the next photo
    }
    errorLines = [];
  }
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The photo of a read: JPEG as stored, JPEG 2000 decoded to PNG, anything else (or a failed decode) not displayable. */
export async function chipPhoto(face: FaceImage): Promise<ChipPhoto> {
  if (face.displayable) return { displayable: true, mime: face.mime, sourceMime: face.mime, base64: toBase64(face.bytes), width: face.width, height: face.height };
  if (face.mime === 'image/jp2' || face.mime === 'image/j2k') {
    const decoded = await decodeJpeg2000(face.bytes);
    if (decoded.ok) return { displayable: true, mime: 'image/png', sourceMime: face.mime, base64: toBase64(decoded.png), width: decoded.width, height: decoded.height };
    const reason = `The chip photo is JPEG 2000 and cannot be displayed: ${decoded.reason}. Compare the face with the printed photo on the card.`;
    return { displayable: false, mime: face.mime, base64: toBase64(face.bytes), width: face.width, height: face.height, reason };
  }
  return { displayable: false, mime: face.mime, base64: toBase64(face.bytes), width: face.width, height: face.height, reason: face.reason };
}
