// A chip whose DG2 face is JPEG 2000, read through the real PC/SC stack (pcscd + vpcd, the virtual eMRTD in its own
// process): the face comes back displayable as a PNG whose pixels are OpenJPEG's own decode of the chip's JP2, in
// the reader's result, in `masa read-id --photo/--json` (in-process and as the real `masa` under tsx, where the
// WebAssembly must load too); a JPEG 2000 that cannot be decoded keeps the old verdict and the read still passes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { command as readId } from '../../cli/commands/read-id';
import { ExitCode } from '../../cli/exit-codes';
import { FACE_JP2 } from '../fixtures/vcards/emrtd-harness';
import { fakeJpeg2000 } from '../fixtures/vcards/emrtd-lds';
import { opjDecompress, readPng, type RawImage } from '../support/images';
import { captureIo, useIdCardStack } from '../support/id-card-pcsc';
import { pcscSkipReason } from '../support/pcsc';

const skip = pcscSkipReason();
if (skip) console.warn(skip);

/** True when both images hold the same samples (compared without building a 230 400-item diff). */
function samePixels(a: RawImage, b: RawImage): boolean {
  return a.samples.length === b.samples.length && Array.from(a.samples).every((v, i) => v === Number(b.samples[i]));
}

describe.skipIf(!!skip)('JPEG 2000 faces over pcscd + vpcd', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'masa-jp2-photos-'));
  let reference: RawImage;
  const ids = useIdCardStack('jp2-pcsc', () => {
    reference = opjDecompress(FACE_JP2, 'jp2');
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('the reader returns the JP2 face as a displayable 240×320 PNG, the JP2 signed and verified as stored', async () => {
    await ids.withChip({ photo: 'jpeg2000' }, async ({ mrz, cscaDir }) => {
      const r = await ids.reader(cscaDir).read({ mrz });
      expect(r.photo).toMatchObject({ displayable: true, mime: 'image/png', sourceMime: 'image/jp2', width: 240, height: 320 });
      const png = readPng(Buffer.from(r.photo!.base64, 'base64'));
      expect([png.width, png.height, png.channels]).toEqual([240, 320, 3]);
      expect(samePixels(png, reference)).toBe(true);
      // Passive authentication hashed DG2 with the JP2 in it, not the PNG made from it.
      expect(r.passiveAuth).toMatchObject({ hashes: 'ok', signature: 'ok', csca: 'trusted', mismatchedDataGroups: [] });
    });
  });

  it('masa read-id --photo writes the decoded PNG and says so; --json carries it with its size and source format', async () => {
    await ids.withChip({ photo: 'jpeg2000' }, async ({ mrz, cscaDir }) => {
      const photo = join(tmp, 'face.png');
      const text = captureIo();
      expect(await readId.run(['--mrz', mrz, '--csca', cscaDir, '--photo', photo], text.streams)).toBe(ExitCode.Ok);
      expect(text.out).toContain("Photo           image/png decoded from the chip's JPEG 2000 (image/jp2), ");
      expect(text.out).toContain(', 240×320\n');
      expect(text.out).toContain(`Photo written   ${photo} (image/png, decoded from the chip's image/jp2)\n`);
      expect(samePixels(readPng(readFileSync(photo)), reference)).toBe(true);

      // The real `masa` in its own process (tsx): the WebAssembly decoder loads there as well.
      const jsonPhoto = join(tmp, 'face-json.jpg');
      const cli = spawnSync(join(process.cwd(), 'node_modules/.bin/tsx'), ['cli/masa.ts', 'read-id', '--mrz', mrz, '--csca', cscaDir, '--json', '--photo', jsonPhoto], {
        env: process.env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(cli.status, cli.stderr).toBe(ExitCode.Ok);
      const json = JSON.parse(cli.stdout);
      expect(json).toMatchObject({
        verified: true,
        photo: { displayable: true, mime: 'image/png', sourceMime: 'image/jp2', width: 240, height: 320 },
        photoFile: { path: jsonPhoto, mime: 'image/png' },
      });
      expect(samePixels(readPng(Buffer.from(json.photo.base64, 'base64')), reference)).toBe(true);
      expect(samePixels(readPng(readFileSync(jsonPhoto)), reference)).toBe(true);
    });
  });

  it('a JPEG 2000 that cannot be decoded is not displayable, with the reason, and the read still verifies', async () => {
    await ids.withChip({ photo: 'broken-jpeg2000' }, async ({ mrz, cscaDir }) => {
      const photo = join(tmp, 'broken.jp2');
      const text = captureIo();
      expect(await readId.run(['--mrz', mrz, '--csca', cscaDir, '--photo', photo], text.streams)).toBe(ExitCode.Ok);
      expect(text.out).toContain(
        'image/jp2, 1232 bytes, 240×320 — The chip photo is JPEG 2000 and cannot be displayed: the JP2 file holds no codestream (jp2c box). Compare the face with the printed photo on the card.',
      );
      expect(text.out).toContain(`Photo written   ${photo} (image/jp2, as stored on the chip)\n`);
      expect(text.out).toContain('\nVERIFIED\n');
      expect(new Uint8Array(readFileSync(photo))).toEqual(fakeJpeg2000());
    });
  });
});
