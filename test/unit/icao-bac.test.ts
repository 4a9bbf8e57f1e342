// The ICAO Doc 9303 part 11 worked example (appendix D), end to end: key seed, keys, session keys, SSC
// and the first protected command. If any byte here drifts, no real passport or ID card would open.
import { describe, expect, it } from 'vitest';
import { CommandApdu, ResponseApdu } from '../../common/apdu/apdu';
import { fromHex, hex } from '../../common/bytes';
import { MrzInformation } from '../../common/mrz/mrz-information';
import { bacKeysFromSeed, keySeed, sessionFromChipCryptogram, sessionKeysFrom, terminalCryptogram } from '../../electron/main/cards/icao/bac';
import { adjustParity, padIso9797, retailMac, unpadIso9797 } from '../../electron/main/cards/icao/crypto';
import { SecureMessaging, SecureMessagingError } from '../../electron/main/cards/icao/sm';

const rndIc = fromHex('4608F91988702212');
const rndIfd = fromHex('781723860C06C226');
const kIfd = fromHex('0B795240CB7049B01C19B33E32804F0B');
const kIc = fromHex('0B4F80323EB3191CB04970CB4052790B');

describe('BAC key derivation (ICAO worked example)', () => {
  it('builds the MRZ information string from the document fields, recomputing check digits', () => {
    const info = MrzInformation.fromFields({ documentNumber: 'L898902C', birthDate: '690806', expiryDate: '940623' });
    expect(info.toKeyString()).toBe('L898902C<369080619406236');
  });

  it('builds the same string from a TD3 MRZ', () => {
    const info = MrzInformation.fromMrzText(
      'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10',
    );
    expect(info.toKeyString()).toBe('L898902C3' + '6' + '740812' + '2' + '120415' + '9');
  });

  it('derives K_seed, K_enc and K_mac', () => {
    const seed = keySeed('L898902C<369080619406236');
    expect(hex(seed)).toBe('239AB9CB282DAF66231DC5A4DF6BFBAE');
    const keys = bacKeysFromSeed(seed);
    expect(hex(keys.kEnc)).toBe('AB94FDECF2674FDFB9B391F85D7F76F2');
    expect(hex(keys.kMac)).toBe('7962D9ECE03D1ACD4C76089DCE131543');
  });

  it('derives the session keys and send sequence counter', () => {
    const s = sessionKeysFrom(kIfd, kIc, rndIc, rndIfd);
    expect(hex(s.ksEnc)).toBe('979EC13B1CBFE9DCD01AB0FED307EAE5');
    expect(hex(s.ksMac)).toBe('F1CB1F1FB5ADF208806B89DC579DC1F8');
    expect(hex(s.ssc)).toBe('887022120C06C226');
  });

  it('accepts the chip cryptogram only when it was made with the same keys', () => {
    const keys = bacKeysFromSeed(keySeed('L898902C<369080619406236'));
    // Play the chip: its cryptogram over RND.IC || RND.IFD || K.IC, built with the same primitives.
    const chipSide = terminalCryptogram(keys, rndIfd, rndIc, kIc);
    const session = sessionFromChipCryptogram(keys, rndIc, rndIfd, kIfd, chipSide);
    expect(session && hex(session.ksEnc)).toBe('979EC13B1CBFE9DCD01AB0FED307EAE5');
    const otherKeys = bacKeysFromSeed(keySeed('L898902C<369080619406237'));
    expect(sessionFromChipCryptogram(otherKeys, rndIc, rndIfd, kIfd, chipSide)).toBeNull();
  });
});

describe('secure messaging (ICAO worked example)', () => {
  const session = () => new SecureMessaging(sessionKeysFrom(kIfd, kIc, rndIc, rndIfd));

  it('protects SELECT EF.COM exactly as the specification shows', () => {
    const sm = session();
    const select = new CommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') });
    expect(hex(sm.protect(select).toBytes())).toBe('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800');
    expect(hex(sm.sendSequenceCounter)).toBe('887022120C06C227');
  });

  it('verifies and unwraps the chip answer, and rejects a wrong MAC as a typed error', () => {
    const sm = session();
    sm.protect(new CommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') }));
    // Worked example RAPDU: DO'99 9000 with its MAC.
    const ok = sm.unprotect(ResponseApdu.fromBytes(fromHex('990290008E08FA855A5D4C50A8ED9000')));
    expect(ok.sw).toBe(0x9000);
    expect(hex(sm.sendSequenceCounter)).toBe('887022120C06C228');

    const tampered = session();
    tampered.protect(new CommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') }));
    expect(() => tampered.unprotect(ResponseApdu.fromBytes(fromHex('990290008E08FA855A5D4C50A8EE9000')))).toThrow(SecureMessagingError);
    // Once a MAC failed, the session is closed for good.
    expect(() => tampered.protect(new CommandApdu({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4 }))).toThrow(SecureMessagingError);
  });

  it('protects READ BINARY and decrypts the data of the answer (worked example)', () => {
    const sm = session();
    sm.protect(new CommandApdu({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: fromHex('011E') }));
    sm.unprotect(ResponseApdu.fromBytes(fromHex('990290008E08FA855A5D4C50A8ED9000')));
    const read = sm.protect(new CommandApdu({ cla: 0x00, ins: 0xb0, p1: 0x00, p2: 0x00, le: 4 }));
    expect(hex(read.toBytes())).toBe('0CB000000D9701048E08ED6705417E96BA5500');
    const answer = sm.unprotect(ResponseApdu.fromBytes(fromHex('8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000')));
    expect(hex(answer.data)).toBe('60145F01');
  });
});

describe('3DES primitives', () => {
  it('pads with method 2 and removes it again', () => {
    expect(hex(padIso9797(fromHex('0102')))).toBe('0102800000000000');
    expect(hex(padIso9797(fromHex('0102030405060708')))).toBe('01020304050607088000000000000000');
    expect(unpadIso9797(fromHex('0102800000000000'))).toEqual(fromHex('0102'));
    expect(unpadIso9797(fromHex('0102000000000000'))).toBeNull();
  });

  it('adjusts DES parity', () => {
    expect(hex(adjustParity(fromHex('00FE0102')))).toBe('01FE0102');
  });

  it('computes the ICAO example MAC over E_IFD', () => {
    const keys = bacKeysFromSeed(keySeed('L898902C<369080619406236'));
    const eIfd = terminalCryptogram(keys, rndIc, rndIfd, kIfd).subarray(0, 32);
    expect(hex(eIfd)).toBe('72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2');
    expect(hex(retailMac(keys.kMac, padIso9797(eIfd)))).toBe('5F1448EEA8AD90A7');
  });
});
