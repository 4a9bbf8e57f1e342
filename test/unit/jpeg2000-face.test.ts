// JPEG 2000 chip faces: decoded in main by OpenJPEG (WebAssembly) to a PNG whose every pixel matches what
// OpenJPEG's own opj_decompress makes of the same file; broken or oversized images are not displayable, with why.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseDg2 } from '../../electron/main/cards/icao/data-groups';
import { chipPhoto, decodeJpeg2000 } from '../../electron/main/cards/icao/face-image';
import { readJpeg2000Header } from '../../electron/main/cards/icao/jpeg2000-header';
import { FACE_JP2 } from '../fixtures/vcards/emrtd-harness';
import { encodeDg2 } from '../fixtures/vcards/emrtd-lds';
import { opjDecompress, readPng, type RawImage } from '../support/images';

const GREY12 = new Uint8Array(readFileSync(fileURLToPath(new URL('../fixtures/images/grey12-64x48.j2k', import.meta.url))));

/** The codestream inside the JP2 file (its jp2c box), i.e. the same face as a raw J2K. */
function codestreamOf(jp2: Uint8Array): Uint8Array {
  const at = Buffer.from(jp2).indexOf(Buffer.from('jp2c', 'latin1'));
  return jp2.subarray(at + 4);
}

function pixel(image: RawImage, x: number, y: number): number[] {
  const i = (y * image.width + x) * image.channels;
  return Array.from(image.samples.slice(i, i + image.channels));
}

/** Where two images first differ (null when every sample is equal): a readable failure instead of a 230 400-item diff. */
function firstDifference(a: RawImage, b: RawImage | number[]): { index: number; got: number; want: number } | null {
  const want = Array.isArray(b) ? b : b.samples;
  if (a.samples.length !== want.length) return { index: -1, got: a.samples.length, want: want.length };
  for (let i = 0; i < want.length; i++) if (a.samples[i] !== Number(want[i])) return { index: i, got: a.samples[i], want: Number(want[i]) };
  return null;
}

async function decodedPng(bytes: Uint8Array): Promise<RawImage> {
  const result = await decodeJpeg2000(bytes);
  if (!result.ok) throw new Error(result.reason);
  return readPng(result.png);
}

describe('decoding a JPEG 2000 face', () => {
  it('decodes the 17 718-byte JP2 face to a 240×320 RGB PNG identical to opj_decompress', async () => {
    expect(FACE_JP2.length).toBe(17_718);
    const result = await decodeJpeg2000(FACE_JP2);
    expect(result).toMatchObject({ ok: true, width: 240, height: 320, components: 3, precision: 8 });
    const png = await decodedPng(FACE_JP2);
    expect([png.width, png.height, png.channels]).toEqual([240, 320, 3]);
    expect(pixel(png, 0, 0)).toEqual([208, 216, 227]);
    expect(pixel(png, 120, 160)).toEqual([222, 178, 141]);
    expect(pixel(png, 60, 250)).toEqual([173, 188, 207]);
    expect(pixel(png, 239, 319)).toEqual([160, 177, 197]);
    const reference = opjDecompress(FACE_JP2, 'jp2');
    expect(firstDifference(png, reference)).toBeNull();
  });

  it('decodes a raw J2K codestream (no JP2 boxes) to the same pixels', async () => {
    const fromJp2 = await decodedPng(FACE_JP2);
    const fromJ2k = await decodedPng(codestreamOf(FACE_JP2));
    expect(firstDifference(fromJ2k, fromJp2)).toBeNull();
  });

  it('scales 12-bit greyscale to 8 bits (4095 → 255)', async () => {
    expect(readJpeg2000Header(GREY12)).toMatchObject({ ok: true, header: { container: 'j2k', width: 64, height: 48, components: [{ precision: 12, signed: false }] } });
    const png = await decodedPng(GREY12);
    expect([png.width, png.height, png.channels]).toEqual([64, 48, 1]);
    const reference = opjDecompress(GREY12, 'j2k');
    expect(reference.maxval).toBe(4095);
    expect(pixel(reference, 32, 24)).toEqual([2083]);
    expect(pixel(png, 0, 0)).toEqual([0]);
    expect(pixel(png, 32, 24)).toEqual([130]); // 2083 × 255 / 4095 = 129.7
    expect(pixel(png, 63, 47)).toEqual([255]);
    expect(firstDifference(png, Array.from(reference.samples, (v) => Math.round((Number(v) * 255) / 4095)))).toBeNull();
  });

  it('turns a JP2 declared sYCC into RGB as opj_decompress does', async () => {
    // The same codestream, its colr box saying sYCC (enumerated colour space 18) instead of sRGB (16).
    const sycc = new Uint8Array(FACE_JP2);
    const colr = Buffer.from(sycc).indexOf(Buffer.from('colr', 'latin1'));
    expect(Buffer.from(sycc.subarray(colr + 7, colr + 11)).readUInt32BE(0)).toBe(16);
    sycc[colr + 10] = 18;
    const png = await decodedPng(sycc);
    const reference = opjDecompress(sycc, 'jp2');
    expect(firstDifference(png, reference)).toBeNull();
    expect(pixel(png, 0, 0)).not.toEqual([208, 216, 227]);
  });
});

describe('a JPEG 2000 face that cannot be shown', () => {
  it('a truncated file is not decoded, with OpenJPEG’s reason', async () => {
    const result = await decodeJpeg2000(FACE_JP2.subarray(0, 3000));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/^the JPEG 2000 image could not be decoded \(.+\)$/);
  });

  it('a file cut inside its header is refused before decoding', async () => {
    expect(await decodeJpeg2000(FACE_JP2.subarray(0, 100))).toEqual({ ok: false, reason: 'the JPEG 2000 image ends inside its header' });
  });

  it('a header claiming 60000×320 pixels is refused before anything is allocated for it', async () => {
    const huge = new Uint8Array(FACE_JP2);
    const siz = Buffer.from(huge).indexOf(Buffer.from([0xff, 0x4f, 0xff, 0x51])) + 4;
    Buffer.from(huge.buffer).writeUInt32BE(60_000, siz + 4);
    expect(await decodeJpeg2000(huge)).toEqual({
      ok: false,
      reason: 'its header claims 60000×320 pixels, more than the 4096×4096 a face photo can need',
    });
  });

  it('a codestream claiming 4096×2048 pixels (within the side limit) is refused by its area', async () => {
    const huge = new Uint8Array(codestreamOf(FACE_JP2));
    Buffer.from(huge.buffer, huge.byteOffset).writeUInt32BE(4096, 8); // Xsiz: SOC, SIZ, Lsiz, Rsiz come first
    Buffer.from(huge.buffer, huge.byteOffset).writeUInt32BE(2048, 12); // Ysiz
    expect(await decodeJpeg2000(huge)).toEqual({
      ok: false,
      reason: 'its header claims 4096×2048 pixels, more than the 4 megapixels a face photo can need',
    });
  });

  it('garbage in the tile data gives the noise opj_decompress shows too (OpenJPEG tolerates it), not a crash', async () => {
    const broken = new Uint8Array(FACE_JP2);
    for (let i = 400; i < broken.length; i++) broken[i] = (i * 97) & 0xff;
    const png = await decodedPng(broken);
    expect(firstDifference(png, opjDecompress(broken, 'jp2'))).toBeNull();
    expect(firstDifference(png, await decodedPng(FACE_JP2))).not.toBeNull();
  });
});

describe('the chip photo of a read', () => {
  it('a JPEG 2000 DG2 is displayable as PNG, its source format noted', async () => {
    const photo = await chipPhoto(parseDg2(encodeDg2(FACE_JP2, 'jpeg2000')));
    expect(photo).toMatchObject({ displayable: true, mime: 'image/png', sourceMime: 'image/jp2', width: 240, height: 320 });
    expect(Buffer.from(photo.base64, 'base64').subarray(1, 4).toString('latin1')).toBe('PNG');
  });

  it('a raw codestream is noted as image/j2k', async () => {
    const photo = await chipPhoto(parseDg2(encodeDg2(codestreamOf(FACE_JP2), 'jpeg2000')));
    expect(photo).toMatchObject({ displayable: true, mime: 'image/png', sourceMime: 'image/j2k', width: 240, height: 320 });
  });

  it('a broken JPEG 2000 keeps the old verdict: not displayable, compare with the printed photo, and why', async () => {
    const truncated = FACE_JP2.subarray(0, 3000);
    const photo = await chipPhoto(parseDg2(encodeDg2(truncated, 'jpeg2000')));
    expect(photo).toMatchObject({ displayable: false, mime: 'image/jp2' });
    expect(!photo.displayable && photo.reason).toMatch(
      /^The chip photo is JPEG 2000 and cannot be displayed: the JPEG 2000 image could not be decoded \(.+\)\. Compare the face with the printed photo on the card\.$/,
    );
    expect(new Uint8Array(Buffer.from(photo.base64, 'base64'))).toEqual(truncated);
  });
});
