// Clone detection in-process: ISO/IEC 9796-2 recovery for RSA Active Authentication, ECDSA AA, Chip Authentication's
// key agreement and derived keys, and the whole read against a genuine virtual chip and a copy of it (same files,
// other private keys), with the desk's refusal.
import { constants, createECDH, createHash, createPublicKey, generateKeyPairSync, privateEncrypt, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chipRefusal } from '../../common/domain/rules/chip';
import { hex } from '../../common/bytes';
import { IdChipReader } from '../../electron/main/cards/icao/id-reader';
import { iso9796Representative, recoverIso9796 } from '../../electron/main/cards/icao/iso9796';
import { parseDg14, parseDg15, subjectPublicKeyBytes, OID } from '../../electron/main/cards/icao/security-infos';
import { adjustParity } from '../../electron/main/cards/icao/crypto';
import { sessionKeysFromSecret } from '../../electron/main/cards/icao/sm-cipher';
import { vouchedCloneCheck } from '../../electron/main/cards/icao/clone-checks';
import { EmrtdApplet, FID } from '../fixtures/vcards/emrtd';
import { AaChipKey } from '../fixtures/vcards/emrtd-aa';
import { CaChipKey, ecSpki } from '../fixtures/vcards/emrtd-ca';
import { withNamedCurve } from '../../electron/main/cards/icao/named-curve';
import { inProcessCard, virtualIdCard } from '../fixtures/vcards/emrtd-harness';
import { makeTd1, randomTd1Data } from '../fixtures/vcards/emrtd-mrz';
import { idCardFrom } from '../fixtures/vcards/run-card';
import type { PassiveAuthResult } from '../../electron/main/cards/icao/passive-auth';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaSign = (representative: Uint8Array) => new Uint8Array(privateEncrypt({ key: rsa.privateKey, padding: constants.RSA_NO_PADDING }, representative));
const random = (n: number) => new Uint8Array(randomBytes(n));

describe('ISO/IEC 9796-2 scheme 1 (RSA Active Authentication)', () => {
  const challenge = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);

  it('recovers M1 and checks SHA-1 (trailer BC) over M1 ‖ challenge', () => {
    const j = iso9796Representative(256, random, challenge);
    expect(j[0]).toBe(0x6a);
    expect(j[255]).toBe(0xbc);
    const r = recoverIso9796(rsa.publicKey, rsaSign(j), challenge);
    expect(r).toEqual({ ok: true, hash: 'sha1', m1: j.subarray(1, 256 - 1 - 20) });
  });

  it('reads the hash from a two-byte trailer (34 CC = SHA-256)', () => {
    const j = iso9796Representative(256, random, challenge, 'sha256');
    expect(hex(j.subarray(254))).toBe('34CC');
    expect(recoverIso9796(rsa.publicKey, rsaSign(j), challenge)).toMatchObject({ ok: true, hash: 'sha256' });
  });

  it('accepts the signer’s min(σ, n − σ) form', () => {
    const j = iso9796Representative(256, random, challenge);
    const n = BigInt('0x' + Buffer.from(rsa.publicKey.export({ format: 'jwk' }).n!, 'base64url').toString('hex'));
    const sigma = BigInt('0x' + Buffer.from(rsaSign(j)).toString('hex'));
    const other = Uint8Array.from(Buffer.from((n - sigma).toString(16).padStart(512, '0'), 'hex'));
    expect(recoverIso9796(rsa.publicKey, other, challenge)).toMatchObject({ ok: true });
  });

  it('refuses a signature over another challenge, with another key, or not from 9796-2', () => {
    const j = iso9796Representative(256, random, challenge);
    expect(recoverIso9796(rsa.publicKey, rsaSign(j), Uint8Array.from([8, 7, 6, 5, 4, 3, 2, 1]))).toEqual({ ok: false, reason: 'the signed hash does not cover our challenge' });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    expect(recoverIso9796(other.publicKey, rsaSign(j), challenge)).toMatchObject({ ok: false });
    const pkcs1 = new Uint8Array(256);
    pkcs1[1] = 0x01;
    expect(recoverIso9796(rsa.publicKey, rsaSign(pkcs1), challenge)).toMatchObject({ ok: false, reason: expect.stringMatching(/does not start with 6A|trailer/) });
  });
});

describe('DG14 / DG15 of the virtual chip', () => {
  it('DG14 names CA (ECDH, 3DES, key 1) and ECDSA AA with SHA-256; DG15 holds the EC key', async () => {
    const applet = await virtualIdCard(makeTd1(randomTd1Data()), { activeAuth: 'ec', chipAuth: '3DES' });
    const infos = parseDg14(applet.file(FID.DG14));
    expect(infos.chipAuthentication).toEqual([{ protocol: OID.CA_ECDH_3DES, version: 1, keyId: 1 }]);
    expect(infos.chipAuthenticationKeys).toHaveLength(1);
    expect(infos.chipAuthenticationKeys[0]).toMatchObject({ protocol: OID.PK_ECDH, keyId: 1 });
    expect(subjectPublicKeyBytes(infos.chipAuthenticationKeys[0].spki)).toHaveLength(65);
    expect(infos.activeAuthenticationAlgorithm).toBe('0.4.0.127.0.7.1.1.4.1.3');
    expect(parseDg15(applet.file(FID.DG15)).asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
  });
});

describe('explicit EC domain parameters (as many issuing states write DG14/DG15)', () => {
  it('are mapped to the standardized curve they spell out; parameters of no known curve are not guessed', () => {
    for (const curve of ['prime256v1', 'brainpoolP256r1', 'secp384r1', 'brainpoolP512r1']) {
      const ecdh = createECDH(curve);
      const point = new Uint8Array(ecdh.generateKeys());
      const named = withNamedCurve(ecSpki(curve, point, true));
      expect(named).toMatchObject({ ok: true, curve });
      if (!named.ok) continue;
      const key = createPublicKey({ key: Buffer.from(named.spki), format: 'der', type: 'spki' });
      expect(key.asymmetricKeyDetails).toEqual({ namedCurve: curve });
      expect(hex(subjectPublicKeyBytes(named.spki))).toBe(hex(point));
    }
    const spki = ecSpki('prime256v1', new Uint8Array(createECDH('prime256v1').generateKeys()), true);
    const altered = Uint8Array.from(spki);
    altered[60] ^= 0x01; // a byte of the prime
    expect(withNamedCurve(altered)).toMatchObject({ ok: false });
  });
});

describe('Chip Authentication key derivation', () => {
  it('both sides reach the same keys: KDF(x-coordinate of the ECDH point, 1/2), SHA-1, DES parity, SSC = 0', () => {
    const chip = createECDH('prime256v1');
    chip.generateKeys();
    const terminal = createECDH('prime256v1');
    terminal.generateKeys();
    const k = new Uint8Array(terminal.computeSecret(chip.getPublicKey()));
    expect(hex(k)).toBe(hex(new Uint8Array(chip.computeSecret(terminal.getPublicKey()))));
    const keys = sessionKeysFromSecret(k, '3DES');
    const sha1 = (c: number) => new Uint8Array(createHash('sha1').update(k).update(Uint8Array.of(0, 0, 0, c)).digest()).subarray(0, 16);
    expect(hex(keys.ksEnc)).toBe(hex(adjustParity(sha1(1))));
    expect(hex(keys.ksMac)).toBe(hex(adjustParity(sha1(2))));
    expect(hex(keys.ssc)).toBe('0000000000000000');
    const aes = sessionKeysFromSecret(k, 'AES-128');
    expect(hex(aes.ksEnc)).toBe(hex(sha1(1)));
    expect(aes.ssc).toHaveLength(16);
  });

  it('a copy of the chip (same DG14, another private key) derives other keys', () => {
    const genuine = CaChipKey.generate('3DES');
    const copy = genuine.withoutPrivateKey();
    expect(copy.securityInfos()).toEqual(genuine.securityInfos());
    const terminal = createECDH('prime256v1');
    const ephemeral = terminal.generateKeys();
    const a = genuine.process(0x22, 0x41, 0xa6, Uint8Array.of(0x91, ephemeral.length, ...ephemeral));
    const b = copy.process(0x22, 0x41, 0xa6, Uint8Array.of(0x91, ephemeral.length, ...ephemeral));
    expect(a.status).toBe(0x9000);
    expect(b.status).toBe(0x9000);
    expect(hex(b.nextSession!.ksEnc)).not.toBe(hex(a.nextSession!.ksEnc));
  });
});

describe('the read with clone detection', () => {
  const read = (applet: EmrtdApplet, mrz: string) => new IdChipReader({ withCard: inProcessCard(applet).withCard }).read({ mrz });

  it.each([
    ['EC P-256 AA, CA 3DES', { activeAuth: 'ec', chipAuth: '3DES' }, 'ECDSA P-256 SHA256', 'ECDH P-256 3DES'],
    ['RSA-2048 AA, CA AES-128', { activeAuth: 'rsa', chipAuth: 'AES-128' }, 'RSA-2048 ISO 9796-2 SHA1', 'ECDH P-256 AES-128'],
  ] as const)('a genuine chip (%s) passes both, and the desk takes it', async (_name, options, aa, ca) => {
    const mrz = makeTd1(randomTd1Data());
    const r = await read(await virtualIdCard(mrz, options), mrz);
    expect(r.activeAuth).toEqual({ status: 'passed', failure: null, algorithm: aa, reason: null });
    expect(r.chipAuth).toEqual({ status: 'passed', failure: null, algorithm: ca, reason: null });
    expect(r.passiveAuth).toMatchObject({ hashes: 'ok', signature: 'ok', mismatchedDataGroups: [] });
    expect(r.dataGroups).toEqual([1, 2, 14, 15]);
    expect(chipRefusal(r)).toBeNull();
  });

  it('a copy of a genuine chip fails both and is refused; its data still show and pass passive authentication', async () => {
    const data = randomTd1Data();
    const mrz = makeTd1(data);
    const copy = EmrtdApplet.copyWithoutKeys(await virtualIdCard(mrz, { activeAuth: 'ec', chipAuth: '3DES' }));
    const r = await read(copy, mrz);
    expect(r.chipAuth).toMatchObject({ status: 'failed', failure: 'keys', algorithm: 'ECDH P-256 3DES' });
    expect(r.chipAuth.reason).toMatch(/does not hold the private key/);
    expect(r.activeAuth).toMatchObject({ status: 'failed', failure: 'signature', algorithm: 'ECDSA P-256 SHA256' });
    expect(r.passiveAuth).toMatchObject({ hashes: 'ok', signature: 'ok' });
    expect(r.chip.documentNumber).toBe(data.documentNumber);
    expect(r.photo).not.toBeNull();
    expect(chipRefusal(r)).toBe('chip-auth');
  });

  it('after PACE (AES-256 on brainpoolP256r1): CA with AES-128 restarts the session, AA passes; a PACE-only copy is refused', async () => {
    const mrz = makeTd1(randomTd1Data());
    const genuine = await virtualIdCard(mrz, { pace: { parameterId: 13, cipher: 'AES-256', paceOnly: true }, chipAuth: 'AES-128', activeAuth: 'ec' });
    const r = await read(genuine, mrz);
    expect(r.accessControl).toMatchObject({ protocol: 'PACE', cipher: 'AES-256' });
    expect(r.chipAuth).toMatchObject({ status: 'passed', algorithm: 'ECDH P-256 AES-128' });
    expect(r.activeAuth.status).toBe('passed');
    expect(chipRefusal(r)).toBeNull();
    const copy = await read(EmrtdApplet.copyWithoutKeys(genuine), mrz);
    expect(copy.chipAuth).toMatchObject({ status: 'failed', failure: 'keys' });
    expect(copy.activeAuth).toMatchObject({ status: 'failed', failure: 'signature' });
    expect(chipRefusal(copy)).toBe('chip-auth');
  });

  it('a chip whose DG14 and DG15 spell the curve out passes CA and AA; its copy fails them', async () => {
    const mrz = makeTd1(randomTd1Data());
    const genuine = await virtualIdCard(mrz, { activeAuth: 'ec', chipAuth: '3DES', explicitDomainParameters: true });
    const r = await read(genuine, mrz);
    expect(r.chipAuth).toMatchObject({ status: 'passed', algorithm: 'ECDH P-256 3DES' });
    expect(r.activeAuth).toMatchObject({ status: 'passed', algorithm: 'ECDSA P-256 SHA256' });
    const copy = await read(EmrtdApplet.copyWithoutKeys(genuine), mrz);
    expect([copy.chipAuth.status, copy.activeAuth.status]).toEqual(['failed', 'failed']);
  });

  it('CA with a DH key (2048-bit MODP group, 3DES) passes; its copy fails', async () => {
    const mrz = makeTd1(randomTd1Data());
    const genuine = await virtualIdCard(mrz, { chipAuth: '3DES', chipAuthCurve: 'modp14' });
    expect(parseDg14(genuine.file(FID.DG14)).chipAuthentication).toEqual([{ protocol: OID.CA_DH_3DES, version: 1, keyId: 1 }]);
    const r = await read(genuine, mrz);
    expect(r.chipAuth).toEqual({ status: 'passed', failure: null, algorithm: 'DH-2048 3DES', reason: null });
    expect(r.activeAuth.status).toBe('not-offered');
    const copy = await read(EmrtdApplet.copyWithoutKeys(genuine), mrz);
    expect(copy.chipAuth).toMatchObject({ status: 'failed', failure: 'keys', algorithm: 'DH-2048 3DES' });
    expect(chipRefusal(copy)).toBe('chip-auth');
  });

  it('AA alone (RSA, no DG14): a copy is refused for active authentication', async () => {
    const mrz = makeTd1(randomTd1Data());
    const genuine = await virtualIdCard(mrz, { activeAuth: 'rsa' });
    const ok = await read(genuine, mrz);
    expect(ok.chipAuth.status).toBe('not-offered');
    expect(ok.activeAuth.status).toBe('passed');
    const r = await read(EmrtdApplet.copyWithoutKeys(genuine), mrz);
    expect(r.activeAuth).toMatchObject({ status: 'failed', failure: 'signature' });
    expect(chipRefusal(r)).toBe('active-auth');
  });

  it('run-card.ts id-card --aa ec --ca 3DES [--cloned]: the by-hand chip passes, its --cloned twin is refused', async () => {
    const cscaDir = mkdtempSync(join(tmpdir(), 'masa-clone-runcard-'));
    try {
      const genuine = await idCardFrom({ aa: 'ec', ca: '3DES', 'csca-dir': cscaDir });
      const ok = await read(genuine.applet, genuine.mrz);
      expect([ok.chipAuth.status, ok.activeAuth.status]).toEqual(['passed', 'passed']);
      const copy = await idCardFrom({ aa: 'ec', ca: '3DES', cloned: true, 'csca-dir': cscaDir });
      expect(chipRefusal(await read(copy.applet, copy.mrz))).toBe('chip-auth');
      await expect(idCardFrom({ aa: 'dsa', 'csca-dir': cscaDir })).rejects.toThrow('--aa must be rsa or ec, not "dsa"');
    } finally {
      rmSync(cscaDir, { recursive: true, force: true });
    }
  });

  it('a chip answering CA with a nonce (TR-03110 v2) is not judged: CA not supported, the chip opened again, not refused', async () => {
    const mrz = makeTd1(randomTd1Data());
    const chip = await virtualIdCard(mrz, { chipAuth: 'AES-128', activeAuth: 'ec' });
    (chip as unknown as { ca: CaChipKey }).ca.withNonce = true;
    const r = await read(chip, mrz);
    expect(r.chipAuth).toMatchObject({ status: 'not-supported', failure: null, algorithm: 'ECDH P-256 AES-128' });
    expect(r.chipAuth.reason).toMatch(/nonce/);
    expect(r.activeAuth.status).toBe('passed');
    expect(r.passiveAuth).toMatchObject({ hashes: 'ok', signature: 'ok' });
    expect(chipRefusal(r)).toBeNull();
  });

  it('a chip without DG14/DG15 has neither check offered, and is not refused for it', async () => {
    const mrz = makeTd1(randomTd1Data());
    const r = await read(await virtualIdCard(mrz), mrz);
    expect(r.activeAuth).toEqual({ status: 'not-offered', failure: null, algorithm: null, reason: null });
    expect(r.chipAuth.status).toBe('not-offered');
    expect(chipRefusal(r)).toBeNull();
  });

  it('a passed check stands only when the SOD vouches for the key file', () => {
    const passed = { status: 'passed', failure: null, algorithm: 'ECDSA P-256 SHA256', reason: null } as const;
    const pa = (mismatched: number[]) => ({ hashes: mismatched.length ? 'mismatch' : 'ok', signature: 'ok', mismatchedDataGroups: mismatched }) as PassiveAuthResult;
    expect(vouchedCloneCheck(passed, 15, pa([]))).toEqual(passed);
    expect(vouchedCloneCheck(passed, 15, pa([15]))).toMatchObject({ status: 'failed', failure: 'key-not-vouched' });
    expect(vouchedCloneCheck(passed, 14, null)).toMatchObject({ status: 'failed', failure: 'key-not-vouched' });
    expect(vouchedCloneCheck(passed, 14, pa([2]))).toEqual(passed);
  });

  it('AaChipKey signs with its own key: a forger’s DG15 swapped in passes AA but fails the SOD hash', async () => {
    const mrz = makeTd1(randomTd1Data());
    const genuine = await virtualIdCard(mrz, { activeAuth: 'ec' });
    const forged = AaChipKey.generate('ec');
    (genuine.file(FID.DG15) as Uint8Array).set(forged.dg15);
    Object.assign(genuine, { aa: forged });
    const r = await read(genuine, mrz);
    expect(r.activeAuth).toMatchObject({ status: 'failed', failure: 'key-not-vouched' });
    expect(r.passiveAuth?.mismatchedDataGroups).toEqual([15]);
  });
});
