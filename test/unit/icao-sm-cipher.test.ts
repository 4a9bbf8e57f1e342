// The cipher suites of secure messaging: AES-CMAC against the NIST SP 800-38B / RFC 4493 examples, the KDF
// of Doc 9303-11 §9.7.1 per algorithm, and an AES session whose protected APDUs a chip-side peer decodes with
// the independently specified rules (IV = E(KSenc, SSC), CMAC over SSC || header || objects, 8-byte MAC).
import { createCipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CommandApdu, ResponseApdu } from '../../common/apdu/apdu';
import { concatBytes, fromHex, hex } from '../../common/bytes';
import { SecureMessaging, SecureMessagingError } from '../../electron/main/cards/icao/sm';
import { aesCmac, kdf, KdfCounter, padTo, sessionKeysFromSecret, unpadFrom } from '../../electron/main/cards/icao/sm-cipher';

const MSG64 = fromHex(
  '6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710',
);

describe('AES-CMAC (RFC 4493, NIST SP 800-38B examples)', () => {
  it('AES-128 over 0, 16, 40 and 64 bytes', () => {
    const key = fromHex('2b7e151628aed2a6abf7158809cf4f3c');
    expect(hex(aesCmac(key, new Uint8Array(0)))).toBe('BB1D6929E95937287FA37D129B756746');
    expect(hex(aesCmac(key, MSG64.subarray(0, 16)))).toBe('070A16B46B4D4144F79BDD9DD04A287C');
    expect(hex(aesCmac(key, MSG64.subarray(0, 40)))).toBe('DFA66747DE9AE63030CA32611497C827');
    expect(hex(aesCmac(key, MSG64))).toBe('51F0BEBF7E3B9D92FC49741779363CFE');
  });

  it('AES-192 and AES-256', () => {
    const k192 = fromHex('8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b');
    expect(hex(aesCmac(k192, new Uint8Array(0)))).toBe('D17DDF46ADAACDE531CAC483DE7A9367');
    expect(hex(aesCmac(k192, MSG64.subarray(0, 16)))).toBe('9E99A7BF31E710900662F65E617C5184');
    const k256 = fromHex('603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4');
    expect(hex(aesCmac(k256, new Uint8Array(0)))).toBe('028962F61B7BF89EFC6B551F4667D983');
    expect(hex(aesCmac(k256, MSG64.subarray(0, 16)))).toBe('28A7023F452E8F82BD4BF28D8C37C35C');
  });
});

describe('KDF (Doc 9303-11 §9.7.1)', () => {
  const secret = fromHex('00112233445566778899AABBCCDDEEFF');
  const digest = (alg: string, c: number) => createHash(alg).update(secret).update(Uint8Array.of(0, 0, 0, c)).digest();

  it('uses SHA-1 for AES-128 and SHA-256 for AES-192/256, truncated to the key length', () => {
    expect(hex(kdf(secret, KdfCounter.Enc, 'AES-128'))).toBe(hex(digest('sha1', 1).subarray(0, 16)));
    expect(hex(kdf(secret, KdfCounter.Mac, 'AES-192'))).toBe(hex(digest('sha256', 2).subarray(0, 24)));
    expect(hex(kdf(secret, KdfCounter.Pace, 'AES-256'))).toBe(hex(digest('sha256', 3)));
  });

  it('reproduces the BAC worked example keys for 3DES (parity adjusted)', () => {
    const seed = fromHex('239AB9CB282DAF66231DC5A4DF6BFBAE');
    expect(hex(kdf(seed, KdfCounter.Enc, '3DES'))).toBe('AB94FDECF2674FDFB9B391F85D7F76F2');
    expect(hex(kdf(seed, KdfCounter.Mac, '3DES'))).toBe('7962D9ECE03D1ACD4C76089DCE131543');
  });
});

describe('AES secure messaging', () => {
  for (const algorithm of ['AES-128', 'AES-192', 'AES-256'] as const) {
    it(`${algorithm}: a protected command decodes with IV = E(KSenc, SSC) and carries an 8-byte CMAC`, () => {
      const keys = sessionKeysFromSecret(fromHex('28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925'), algorithm);
      const sm = new SecureMessaging(keys);
      const cmd = sm.protect(new CommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') }));
      expect(cmd.cla).toBe(0x0c);
      const ssc = new Uint8Array(16);
      ssc[15] = 1;
      // DO'87 = 01 || 16 encrypted bytes; DO'8E = 8 bytes.
      expect(cmd.data.length).toBe(2 + 17 + 2 + 8);
      expect(hex(cmd.data.subarray(0, 3))).toBe('871101');
      const bits = keys.ksEnc.length * 8;
      const ivCipher = createCipheriv(`aes-${bits}-ecb`, keys.ksEnc, null).setAutoPadding(false);
      const iv = ivCipher.update(ssc);
      const cbc = createCipheriv(`aes-${bits}-cbc`, keys.ksEnc, iv).setAutoPadding(false);
      // Encrypting the expected plaintext under the specified IV must give the carried cryptogram.
      const expectedCrypto = cbc.update(padTo(fromHex('011E'), 16));
      expect(hex(cmd.data.subarray(3, 19))).toBe(hex(expectedCrypto));
      const header = padTo(fromHex('0CA4020C'), 16);
      const mac = aesCmac(keys.ksMac, padTo(concatBytes(ssc, header, cmd.data.subarray(0, 19)), 16)).subarray(0, 8);
      expect(hex(cmd.data.subarray(19))).toBe('8E08' + hex(mac));
    });
  }

  it('unwraps a chip answer made with the same rules and refuses a wrong MAC', () => {
    const secret = fromHex('6BABC7B3A72BCD7EA385E4C62DB2625BD8613B24149E146A629311C4CA6698E3');
    const keys = sessionKeysFromSecret(secret, 'AES-128');
    const sm = new SecureMessaging(keys);
    sm.protect(new CommandApdu({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 4 }));
    const ssc = new Uint8Array(16);
    ssc[15] = 2;
    const iv = createCipheriv('aes-128-ecb', keys.ksEnc, null).setAutoPadding(false).update(ssc);
    const enc = createCipheriv('aes-128-cbc', keys.ksEnc, iv).setAutoPadding(false).update(padTo(fromHex('60145F01'), 16));
    const body = concatBytes([0x87, 0x11, 0x01], enc);
    const status = fromHex('99029000');
    const mac = aesCmac(keys.ksMac, padTo(concatBytes(ssc, body, status), 16)).subarray(0, 8);
    const answer = sm.unprotect(new ResponseApdu(concatBytes(body, status, [0x8e, 0x08], mac), 0x9000));
    expect(hex(answer.data)).toBe('60145F01');
    expect(answer.sw).toBe(0x9000);

    const sm2 = new SecureMessaging(sessionKeysFromSecret(secret, 'AES-128'));
    sm2.protect(new CommandApdu({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 4 }));
    const badMac = Uint8Array.from(mac);
    badMac[0] ^= 1;
    expect(() => sm2.unprotect(new ResponseApdu(concatBytes(body, status, [0x8e, 0x08], badMac), 0x9000))).toThrow(SecureMessagingError);
  });

  it('pads to 16 bytes and unpads only well-formed padding', () => {
    expect(hex(padTo(fromHex('01'), 16))).toBe('01800000000000000000000000000000');
    expect(padTo(new Uint8Array(16), 16).length).toBe(32);
    expect(unpadFrom(fromHex('01800000000000000000000000000000'), 16)).toEqual(fromHex('01'));
    expect(unpadFrom(fromHex('01000000000000000000000000000000'), 16)).toBeNull();
  });
});
