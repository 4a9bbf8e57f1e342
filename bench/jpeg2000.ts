// JPEG 2000 chip faces: what decoding a typical face (the 17 718-byte JP2 of the virtual chip, 240×320 RGB) costs
// the desk. Measured in the same run: OpenJPEG's WebAssembly build loaded in a fresh process (cold), then decoded and
// turned into a PNG (warm, the median of many); the baseline is OpenJPEG's native command-line decoder on the same file (its own
// "decode time", and its wall time as a process). And what the larger DG2 costs the whole read: an in-process chip
// read with the JP2 face against the same read with the 4.7 KB JPEG face.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJpeg2000 } from '../electron/main/cards/icao/face-image';
import { IdChipReader } from '../electron/main/cards/icao/id-reader';
import { FACE_JP2, FACE_JPEG, inProcessCard, virtualIdCard } from '../test/fixtures/vcards/emrtd-harness';
import { makeTd1, randomTd1Data } from '../test/fixtures/vcards/emrtd-mrz';
import { fmt, median } from './stats';

export interface Jpeg2000Bench {
  faceBytes: number;
  pngBytes: number;
  coldMs: number;
  warmMedianMs: number;
  nativeDecodeMedianMs: number | null;
  nativeProcessMedianMs: number | null;
  readJp2MedianMs: number;
  readJpegMedianMs: number;
}

const RUNS = 30;

async function decodeOnce(): Promise<{ ms: number; pngBytes: number }> {
  const t0 = performance.now();
  const result = await decodeJpeg2000(FACE_JP2);
  const ms = performance.now() - t0;
  if (!result.ok) throw new Error(`the benchmark face did not decode: ${result.reason}`);
  return { ms, pngBytes: result.png.length };
}

/** opj_decompress on the same file: its own reported decode time and the wall time of the process; null without it. */
function native(runs: number): { decode: number; process: number } | null {
  const dir = mkdtempSync(join(tmpdir(), 'masa-bench-jp2-'));
  try {
    const input = join(dir, 'face.jp2');
    writeFileSync(input, FACE_JP2);
    const decodes: number[] = [];
    const processes: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const out = execFileSync('opj_decompress', ['-i', input, '-o', join(dir, 'face.ppm')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      processes.push(performance.now() - t0);
      const reported = /decode time: ([\d.]+) ms/.exec(out);
      if (reported) decodes.push(Number(reported[1]));
    }
    return { decode: decodes.length ? median(decodes) : NaN, process: median(processes) };
  } catch {
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The first photo of a process (load + compile the WebAssembly + decode + PNG), in a fresh process each time: in
 * this one the decoder is already loaded (any chip read starts loading it).
 */
function coldMedian(runs: number): number {
  const script = `import { decodeJpeg2000 } from './electron/main/cards/icao/face-image';
import { readFileSync } from 'node:fs';
const face = new Uint8Array(readFileSync('test/fixtures/vcards/emrtd-face.jp2'));
const t0 = performance.now();
decodeJpeg2000(face).then((r) => console.log(r.ok ? performance.now() - t0 : -1));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(join(process.cwd(), 'node_modules/.bin/tsx'), ['-e', script], { encoding: 'utf8' });
    const ms = Number(out.trim());
    if (!(ms >= 0)) throw new Error(`the cold decode failed: ${out}`);
    times.push(ms);
  }
  return median(times);
}

/** Chip reads with the JP2 face and with the JPEG face, alternated so that the machine's drift hits both alike. */
async function chipReadMedians(runs: number): Promise<{ jp2: number; jpeg: number }> {
  const reader = async (image: Uint8Array, type: 'jpeg' | 'jpeg2000') => {
    const mrz = makeTd1(randomTd1Data());
    const card = inProcessCard(await virtualIdCard(mrz, { face: { image, type } }));
    const idReader = new IdChipReader({ withCard: card.withCard });
    return async () => {
      const t0 = performance.now();
      const r = await idReader.read({ mrz });
      if (!r.photo?.displayable) throw new Error('the benchmark chip photo was not displayable');
      return performance.now() - t0;
    };
  };
  const readJp2 = await reader(FACE_JP2, 'jpeg2000');
  const readJpeg = await reader(FACE_JPEG, 'jpeg');
  const jp2: number[] = [];
  const jpeg: number[] = [];
  for (let i = 0; i < runs; i++) {
    jp2.push(await readJp2());
    jpeg.push(await readJpeg());
  }
  return { jp2: median(jp2), jpeg: median(jpeg) };
}

export async function benchJpeg2000(): Promise<Jpeg2000Bench> {
  const coldMs = coldMedian(5);
  const first = await decodeOnce();
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) warm.push((await decodeOnce()).ms);
  const opj = native(10);
  const reads = await chipReadMedians(15);
  const result: Jpeg2000Bench = {
    faceBytes: FACE_JP2.length,
    pngBytes: first.pngBytes,
    coldMs,
    warmMedianMs: median(warm),
    nativeDecodeMedianMs: opj ? opj.decode : null,
    nativeProcessMedianMs: opj ? opj.process : null,
    readJp2MedianMs: reads.jp2,
    readJpegMedianMs: reads.jpeg,
  };
  const r = result;
  console.log(`JPEG 2000 face: ${r.faceBytes} bytes JP2, 240×320 RGB → ${r.pngBytes} bytes PNG`);
  console.log(`  WebAssembly, first photo of a process (load + compile + decode + PNG), median of 5  ${fmt(r.coldMs, 1)} ms`);
  console.log(`  WebAssembly, decode + PNG, median of ${RUNS}               ${fmt(r.warmMedianMs, 1)} ms`);
  if (r.nativeDecodeMedianMs !== null && r.nativeProcessMedianMs !== null) {
    console.log(`  baseline opj_decompress (native), its decode time          ${fmt(r.nativeDecodeMedianMs, 1)} ms  → WebAssembly ${fmt(r.warmMedianMs / r.nativeDecodeMedianMs, 2)}×`);
    console.log(`  baseline opj_decompress, whole process                    ${fmt(r.nativeProcessMedianMs, 1)} ms`);
  } else console.log('  baseline opj_decompress: not installed (apt-get install libopenjp2-tools)');
  console.log(`  in-process chip read, JP2 face (DG2 ${FACE_JP2.length} B)            ${fmt(r.readJp2MedianMs, 1)} ms`);
  console.log(`  in-process chip read, JPEG face (DG2 ${FACE_JPEG.length} B)           ${fmt(r.readJpegMedianMs, 1)} ms  → JP2 read ${fmt(r.readJp2MedianMs / r.readJpegMedianMs, 2)}×`);
  return result;
}
