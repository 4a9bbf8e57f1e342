// Reading back the images the tests compare: the PNGs main produces (8-bit, filter 0, as png.ts writes them; a
// PNG using another filter fails loudly rather than being misread) and the PNM files `opj_decompress` writes
// as the reference decode of the same JPEG 2000.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

export interface RawImage {
  width: number;
  height: number;
  channels: number;
  /** Highest sample value: 255 for 8-bit, 4095 for 12-bit … */
  maxval: number;
  /** Interleaved samples, rows top to bottom. */
  samples: number[] | Uint8Array;
}

export function readPng(png: Uint8Array): RawImage {
  const b = Buffer.from(png);
  if (b.subarray(0, 8).toString('hex') !== '89504e470d0a1a0a') throw new Error('not a PNG');
  let at = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (at < b.length) {
    const length = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    const data = b.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8) throw new Error(`PNG bit depth ${data[8]}`);
      channels = { 0: 1, 2: 3 }[data[9]] ?? 0;
      if (!channels) throw new Error(`PNG colour type ${data[9]}`);
    }
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const samples = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    if (raw[y * (stride + 1)] !== 0) throw new Error(`PNG row ${y} uses filter ${raw[y * (stride + 1)]}`);
    samples.set(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)), y * stride);
  }
  return { width, height, channels, maxval: 255, samples };
}

/** P5 (grey) / P6 (RGB), 8 or 16 bits, with the comment line OpenJPEG writes. */
export function readPnm(file: Uint8Array): RawImage {
  const b = Buffer.from(file);
  const fields: string[] = [];
  let at = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(b[at]))) at++;
    if (b[at] === 0x23) {
      while (b[at] !== 0x0a) at++;
      continue;
    }
    const start = at;
    while (!/\s/.test(String.fromCharCode(b[at]))) at++;
    fields.push(b.toString('latin1', start, at));
  }
  at++; // the single whitespace before the samples
  const [magic, w, h, max] = fields;
  const channels = magic === 'P6' ? 3 : 1;
  const width = Number(w);
  const height = Number(h);
  const maxval = Number(max);
  const count = width * height * channels;
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(maxval > 255 ? b.readUInt16BE(at + 2 * i) : b[at + i]);
  return { width, height, channels, maxval, samples };
}

/** The reference decode: OpenJPEG's own command-line tool (Debian libopenjp2-tools). */
export function opjDecompress(image: Uint8Array, extension: 'jp2' | 'j2k'): RawImage {
  const dir = mkdtempSync(join(tmpdir(), 'masa-opj-'));
  try {
    const input = join(dir, `in.${extension}`);
    writeFileSync(input, image);
    execFileSync('opj_decompress', ['-i', input, '-o', join(dir, 'out.pnm')], { stdio: 'ignore' });
    return readPnm(readFileSync(join(dir, 'out.pnm')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
