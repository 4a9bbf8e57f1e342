// The PACE worked example of ICAO Doc 9303 part 11 appendix G.1 (ECDH generic mapping, brainpoolP256r1,
// AES-128, MRZ T22000129 / 640812 / 101031), step by step and then as the APDU transcript the terminal must
// send byte for byte. Plus the curve arithmetic against node:crypto's ECDH on every supported curve.
import { createECDH } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CommandApdu, ResponseApdu } from '../../common/apdu/apdu';
import type { CardChannel } from '../../common/apdu/channel';
import { fromHex, hex } from '../../common/bytes';
import { isAppError, ErrorCode } from '../../common/errors';
import { MrzInformation } from '../../common/mrz/mrz-information';
import { curveById, decodePoint, EC_PARAMETER_IDS, encodePoint, isOnCurve, pointAdd, scalarMultiply, bigintFromBytes } from '../../electron/main/cards/icao/ec';
import { authenticationToken, mapGenerator, nonceCipher, passwordBytes, passwordKey, performPace, sharedSecret, type PacePassword } from '../../electron/main/cards/icao/pace';
import { choosePace, parseCardAccess, paceOid } from '../../electron/main/cards/icao/pace-info';
import { SecureMessaging } from '../../electron/main/cards/icao/sm';
import { sessionKeysFromSecret } from '../../electron/main/cards/icao/sm-cipher';

const G1 = {
  cardAccess: '31143012060A04007F0007020204020202010202010D',
  k: '7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD',
  kPi: '89DED1B26624EC1E634C1989302849DD',
  z: '95A3A016522EE98D01E76CB6B98B42C3',
  s: '3F00C4D39D153F2B2A214A078D899B22',
  skMapIfd: '7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99',
  pkMapIfd: '047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D',
  skMapIc: '498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560',
  pkMapIc: '04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F5730D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54',
  h: '0460332EF2450B5D247EF6D3868397D398852ED6E8CAF6FFEEF6BF85CA57057FD50840CA7415BAF3E43BD414D35AA4608B93A2CAF3A4E3EA4E82C9C13D03EB7181',
  gHat: '048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E28C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522',
  skDhIfd: 'A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595',
  pkDhIfd: '042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462',
  skDhIc: '107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A',
  pkDhIc: '049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094',
  secret: '28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925',
  ksEnc: 'F5F0E35C0D7161EE6724EE513A0D9A7F',
  ksMac: 'FE251C7858B356B24514B3BD5F4297D1',
  tIfd: 'C2B0BD78D94BA866',
  tIc: '3ABB9674BCE93C08',
};
const password: PacePassword = { kind: 'MRZ', info: MrzInformation.fromFields({ documentNumber: 'T22000129', birthDate: '640812', expiryDate: '101031' }) };
const bp256 = curveById(13)!;
const oid = paceOid('ECDH-GM', 'AES-128');
const big = (h: string) => BigInt('0x' + h);

describe('PACE worked example (Doc 9303-11 appendix G.1)', () => {
  it('reads the PACEInfo of EF.CardAccess: ECDH-GM, AES-128, version 2, brainpoolP256r1', () => {
    const infos = parseCardAccess(fromHex(G1.cardAccess));
    expect(infos).toHaveLength(1);
    expect(hex(infos[0].oid)).toBe('04007F00070202040202');
    expect(infos[0]).toMatchObject({ mapping: 'ECDH-GM', cipher: 'AES-128', version: 2, parameterId: 13 });
    expect(choosePace(infos)?.curve.name).toBe('brainpoolP256r1');
  });

  it('derives K from the MRZ and Kπ, and decrypts the nonce', () => {
    expect(hex(passwordBytes(password))).toBe(G1.k);
    const kPi = passwordKey(password, 'AES-128');
    expect(hex(kPi)).toBe(G1.kPi);
    expect(hex(nonceCipher('AES-128', kPi, fromHex(G1.z), false))).toBe(G1.s);
  });

  it('maps the nonce: the mapping keys, H and the generator G~', () => {
    expect(hex(encodePoint(bp256, scalarMultiply(bp256, big(G1.skMapIfd), bp256.g)!))).toBe(G1.pkMapIfd);
    expect(hex(encodePoint(bp256, scalarMultiply(bp256, big(G1.skMapIc), bp256.g)!))).toBe(G1.pkMapIc);
    const h = scalarMultiply(bp256, big(G1.skMapIfd), decodePoint(bp256, fromHex(G1.pkMapIc))!)!;
    expect(hex(encodePoint(bp256, h))).toBe(G1.h);
    const gHat = mapGenerator(bp256, fromHex(G1.s), big(G1.skMapIfd), decodePoint(bp256, fromHex(G1.pkMapIc))!)!;
    expect(hex(encodePoint(bp256, gHat))).toBe(G1.gHat);
    // The chip reaches the same generator from its side.
    const chipSide = mapGenerator(bp256, fromHex(G1.s), big(G1.skMapIc), decodePoint(bp256, fromHex(G1.pkMapIfd))!)!;
    expect(hex(encodePoint(bp256, chipSide))).toBe(G1.gHat);
  });

  it('agrees on the shared secret, the AES session keys and both tokens', () => {
    const gHat = decodePoint(bp256, fromHex(G1.gHat))!;
    expect(hex(encodePoint(bp256, scalarMultiply(bp256, big(G1.skDhIfd), gHat)!))).toBe(G1.pkDhIfd);
    expect(hex(encodePoint(bp256, scalarMultiply(bp256, big(G1.skDhIc), gHat)!))).toBe(G1.pkDhIc);
    const secret = sharedSecret(bp256, big(G1.skDhIfd), decodePoint(bp256, fromHex(G1.pkDhIc))!)!;
    expect(hex(secret)).toBe(G1.secret);
    expect(hex(sharedSecret(bp256, big(G1.skDhIc), decodePoint(bp256, fromHex(G1.pkDhIfd))!)!)).toBe(G1.secret);
    const keys = sessionKeysFromSecret(secret, 'AES-128');
    expect(hex(keys.ksEnc)).toBe(G1.ksEnc);
    expect(hex(keys.ksMac)).toBe(G1.ksMac);
    expect(hex(authenticationToken('AES-128', keys.ksMac, oid, fromHex(G1.pkDhIc)))).toBe(G1.tIfd);
    expect(hex(authenticationToken('AES-128', keys.ksMac, oid, fromHex(G1.pkDhIfd)))).toBe(G1.tIc);
  });

  it('sends the appendix transcript byte for byte and ends with an AES session at SSC 0', async () => {
    const script: [string, string][] = [
      ['0022C1A40F800A04007F00070202040202830101', '9000'],
      ['10860000027C0000', '7C1280' + '10' + G1.z + '9000'],
      ['10860000457C438141' + G1.pkMapIfd + '00', '7C438241' + G1.pkMapIc + '9000'],
      ['10860000457C438341' + G1.pkDhIfd + '00', '7C438441' + G1.pkDhIc + '9000'],
      ['008600000C7C0A8508' + G1.tIfd + '00', '7C0A8608' + G1.tIc + '9000'],
    ];
    const sent: string[] = [];
    const channel: CardChannel = {
      transmit: async (command: CommandApdu) => {
        sent.push(hex(command.toBytes()));
        const answer = fromHex(script[sent.length - 1][1]);
        return new ResponseApdu(answer.subarray(0, answer.length - 2), (answer[answer.length - 2] << 8) | answer[answer.length - 1]);
      },
    };
    const keys = [big(G1.skMapIfd), big(G1.skDhIfd)];
    const choice = choosePace(parseCardAccess(fromHex(G1.cardAccess)))!;
    const result = await performPace(channel, choice, password, { random: () => new Uint8Array(0), privateKeys: () => keys.shift()! });
    expect(sent).toEqual(script.map(([c]) => c));
    expect(hex(result.keys.ksEnc)).toBe(G1.ksEnc);
    expect(hex(result.keys.ksMac)).toBe(G1.ksMac);
    expect(hex(result.keys.ssc)).toBe('00000000000000000000000000000000');
    expect(hex(result.chipEphemeralKey)).toBe(G1.pkDhIc);
    expect(new SecureMessaging(result.keys).cipher.algorithm).toBe('AES-128');
  });

  it('a wrong chip token (the chip did not know the password) is refused as access denied, naming the CAN', async () => {
    const answers = [
      '9000',
      '7C128010' + G1.z + '9000',
      '7C438241' + G1.pkMapIc + '9000',
      '7C438441' + G1.pkDhIc + '9000',
      '6300',
    ];
    const channel: CardChannel = {
      transmit: async () => {
        const a = fromHex(answers.shift()!);
        return new ResponseApdu(a.subarray(0, a.length - 2), (a[a.length - 2] << 8) | a[a.length - 1]);
      },
    };
    const keys = [big(G1.skMapIfd), big(G1.skDhIfd)];
    const choice = choosePace(parseCardAccess(fromHex(G1.cardAccess)))!;
    const error = await performPace(channel, choice, { kind: 'CAN', can: '123456' }, { random: () => new Uint8Array(0), privateKeys: () => keys.shift()! }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe(ErrorCode.CardAccessDenied);
    expect((error as Error).message).toBe('The chip refused access: check the CAN (the 6 digits printed on the card)');
  });
});

describe('curve arithmetic against node:crypto ECDH', () => {
  for (const id of EC_PARAMETER_IDS) {
    const c = curveById(id)!;
    it(`${c.name} (parameter id ${id}): k·G and k·(j·G) agree with createECDH('${c.nodeName}')`, () => {
      expect(isOnCurve(c, c.g)).toBe(true);
      const a = createECDH(c.nodeName);
      const b = createECDH(c.nodeName);
      a.generateKeys();
      b.generateKeys();
      const ka = bigintFromBytes(a.getPrivateKey());
      const pubA = scalarMultiply(c, ka, c.g)!;
      expect(hex(encodePoint(c, pubA))).toBe(hex(a.getPublicKey()));
      const shared = sharedSecret(c, ka, decodePoint(c, b.getPublicKey())!)!;
      expect(hex(shared)).toBe(hex(a.computeSecret(b.getPublicKey())));
      // Addition: (k+1)·G = k·G + G.
      expect(pointAdd(c, pubA, c.g)).toEqual(scalarMultiply(c, ka + 1n, c.g));
    });
  }

  it('refuses a point off the curve', () => {
    const pt = fromHex(G1.pkDhIc);
    pt[10] ^= 1;
    expect(decodePoint(bp256, pt)).toBeNull();
  });
});
