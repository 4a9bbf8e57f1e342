// ICAO trust lists (issue 11, deliver 5): a CSCA master list is taken only when its signature verifies and its
// signer chains to the anchor the administrator names; a CRL only when its CSCA's key verifies it; a document signer
// on its CSCA's CRL fails passive authentication as "revoked", and an out-of-date CRL is said, not passed silently.
import { beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../common/errors';
import { readCertificates, readCrl, readMasterList, verifyCrl, TrustListError } from '../../node-common/icao-trust';
import { crlRow, expiredCrls, masterListRows, trustFromRows } from '../../node-common/icao-trust-rows';
import { verifyPassive } from '../../electron/main/cards/icao/passive-auth';
import { buildSod } from '../fixtures/pki/sod';
import { createCsca, createDocumentSigner, type TestSigner } from '../fixtures/pki/test-pki';
import { buildCrl, buildMasterList, createMasterListSigner } from '../fixtures/pki/trust-lists';

const DAY = 86_400_000;

describe('ICAO trust lists', () => {
  let publisher: TestSigner; // the CSCA of the state publishing the master list (the anchor)
  let mlSigner: TestSigner;
  let cscaA: TestSigner;
  let cscaB: TestSigner;
  let dsGood: TestSigner;
  let dsRevoked: TestSigner;
  let list: Uint8Array;

  beforeAll(async () => {
    publisher = await createCsca('UT', 'Publishing CSCA');
    mlSigner = await createMasterListSigner(publisher);
    cscaA = await createCsca('UT', 'Test CSCA A');
    cscaB = await createCsca('ZZ', 'Test CSCA B');
    dsGood = await createDocumentSigner(cscaA, 'Good DS');
    dsRevoked = await createDocumentSigner(cscaA, 'Revoked DS');
    list = await buildMasterList(mlSigner, [cscaA, cscaB, publisher]);
  });

  it('reads a master list signed by a signer that chains to the anchor: every CSCA it carries, and the signer', () => {
    const ml = readMasterList(list, [publisher.x509]);
    expect(ml.certificates.map((c) => c.subject).sort()).toEqual(['C=UT + O=Masa Test + CN=Publishing CSCA', 'C=UT + O=Masa Test + CN=Test CSCA A', 'C=ZZ + O=Masa Test + CN=Test CSCA B']);
    expect(ml.signer.subject).toContain('CN=Test Master List Signer');
    expect(ml.anchor.fingerprint256).toBe(publisher.x509.fingerprint256);
    expect(Date.now() - new Date(ml.signedAt!).getTime()).toBeLessThan(60_000);
    // The anchor file may be PEM (several certificates) as the administrator saved it.
    const anchors = readCertificates(new TextEncoder().encode(cscaB.x509.toString() + publisher.x509.toString()), 'the anchor');
    expect(readMasterList(list, anchors).certificates).toHaveLength(3);
  });

  it('reads a master list of real size: content above 64 KiB, which the signer cuts into a constructed OCTET STRING', async () => {
    const big = await buildMasterList(mlSigner, [...Array<TestSigner>(250).fill(cscaA), cscaB, publisher]);
    expect(big.length).toBeGreaterThan(96_000);
    const ml = readMasterList(big, [publisher.x509]);
    // 252 entries, 3 distinct certificates (a list repeating a certificate is read once).
    expect(ml.certificates.map((c) => c.subject).sort()).toEqual(['C=UT + O=Masa Test + CN=Publishing CSCA', 'C=UT + O=Masa Test + CN=Test CSCA A', 'C=ZZ + O=Masa Test + CN=Test CSCA B']);
  });

  it('refuses a list whose signer does not chain to the anchor, saying so', () => {
    const attempt = () => readMasterList(list, [cscaB.x509]);
    expect(attempt).toThrow(TrustListError);
    expect(attempt).toThrow(
      'The master list signer (C=UT + O=Masa Test + CN=Test Master List Signer, issued by C=UT + O=Masa Test + CN=Publishing CSCA) does not chain to the trust anchor (C=ZZ + O=Masa Test + CN=Test CSCA B): it is refused. Check that --anchor names the CSCA of the state that signed the list.',
    );
  });

  it('refuses a tampered list: one byte of a carried CSCA changed', () => {
    const tampered = new Uint8Array(list);
    // Inside the first CSCA's subject name ("Test CSCA …" appears in the content first): flip one letter.
    const at = Buffer.from(tampered).indexOf('Test CSCA');
    tampered[at] ^= 0x20;
    let error: unknown;
    try {
      readMasterList(tampered, [publisher.x509]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrustListError);
    expect((error as TrustListError).code).toBe(ErrorCode.VerificationFailed);
    expect((error as Error).message).toBe('The master list signature does not verify (the list was altered, or signed with another key): it is refused.');
  });

  it('refuses a file that is not a master list (an EF.SOD is CMS too)', async () => {
    const sod = await buildSod(new Map([[1, Uint8Array.of(0x61, 0)]]), dsGood);
    expect(() => readMasterList(sod.subarray(4), [publisher.x509])).toThrow(/^The file is not an ICAO CSCA master list: its content type is 2\.23\.136\.1\.1\.1, not id-icao-cscaMasterList/);
    expect(() => readMasterList(new TextEncoder().encode('hello'), [publisher.x509])).toThrow(/^The file is not an ICAO CSCA master list/);
  });

  it('a CRL verifies against its CSCA only; another CSCA or altered bytes are refused', async () => {
    const der = await buildCrl(cscaA, [dsRevoked]);
    const crl = readCrl(der);
    expect(crl.issuer).toBe('C=UT, O=Masa Test, CN=Test CSCA A');
    expect(crl.revokedSerials).toEqual([dsRevoked.x509.serialNumber.replace(/^0+/, '')]);
    expect(new Date(crl.nextUpdate!).getTime() - Date.now()).toBeGreaterThan(29 * DAY);
    expect(verifyCrl(crl, [cscaB.x509, cscaA.x509]).fingerprint256).toBe(cscaA.x509.fingerprint256);
    expect(() => verifyCrl(crl, [cscaB.x509])).toThrow("The CRL's issuer (C=UT, O=Masa Test, CN=Test CSCA A) is not a CSCA in the trust list: import the master list that holds it first.");
    // PEM as well as DER.
    const pem = `-----BEGIN X509 CRL-----\n${Buffer.from(der).toString('base64')}\n-----END X509 CRL-----\n`;
    expect(readCrl(new TextEncoder().encode(pem)).revokedSerials).toEqual(crl.revokedSerials);
    // A CRL claiming cscaA's name but signed by cscaB's key.
    const forged = readCrl(await buildCrl({ ...cscaA, keys: cscaB.keys }, []));
    expect(() => verifyCrl(forged, [cscaA.x509])).toThrow('The CRL of C=UT, O=Masa Test, CN=Test CSCA A does not verify with that CSCA\'s key (altered, or signed by another key): it is refused.');
  });

  it('damaged files are refused with TrustListError, never a parser crash (500 mutations of a list, 3000 of a CRL)', async () => {
    const crl = await buildCrl(cscaA, [dsRevoked, dsGood]);
    let seed = 11;
    const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    const outcomes = { read: 0, refused: 0 };
    for (const [file, read, runs] of [
      [list, (b: Uint8Array) => readMasterList(b, [publisher.x509]), 500],
      [crl, (b: Uint8Array) => readCrl(b), 3000],
    ] as const) {
      for (let i = 0; i < runs; i++) {
        const bytes = new Uint8Array(random() < 0.2 ? file.subarray(0, Math.floor(random() * file.length)) : file);
        for (let n = 1 + Math.floor(random() * 4); n > 0 && bytes.length; n--) bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
        try {
          read(bytes);
          outcomes.read++;
        } catch (e) {
          if (!(e instanceof TrustListError)) throw new Error(`mutation ${i}: ${(e as Error).stack}`);
          outcomes.refused++;
        }
      }
    }
    expect(outcomes.refused).toBeGreaterThan(2000);
  }, 60_000);

  it('rows round-trip: the desk decodes what the server stores', async () => {
    const ml = readMasterList(list, [publisher.x509]);
    const crl = readCrl(await buildCrl(cscaA, [dsRevoked], { nextUpdate: new Date(Date.now() - DAY) }));
    const rows = [...masterListRows(ml, new Date('2026-12-01T10:00:00Z')), crlRow(crl, new Date('2026-12-01T10:05:00Z'))];
    expect(rows.map((r) => r.key.split(':')[0])).toEqual(['masterlist', 'csca', 'csca', 'csca', 'crl']);
    const trust = trustFromRows(JSON.parse(JSON.stringify(rows.map((r) => r.row))));
    expect(trust.cscas).toHaveLength(3);
    expect(trust.crls[0].revokedSerials).toEqual(crl.revokedSerials);
    expect(trust.lists[0]).toMatchObject({ importedAt: '2026-12-01T10:00:00.000Z', cscas: 3 });
    expect(expiredCrls(trust.crls, new Date())).toBe(1);
    expect(trustFromRows([{ kind: 'csca', der: 'AAAA' }]).unreadable).toBe(1);
  });

  describe('passive authentication with CRLs', () => {
    const dg1 = Uint8Array.of(0x61, 0x03, 0x5f, 0x1f, 0x00);
    const dataGroups = new Map([[1, dg1]]);

    it('a document signer on its CSCA\'s CRL: csca "revoked", with the reason', async () => {
      const crl = readCrl(await buildCrl(cscaA, [dsRevoked]));
      const sod = await buildSod(dataGroups, dsRevoked);
      const r = await verifyPassive({ sod, dataGroups, cscaCertificates: [cscaA.x509], crls: [crl] });
      expect(r).toMatchObject({ hashes: 'ok', signature: 'ok', csca: 'revoked', crl: 'current' });
      expect(r.problems).toEqual([`The document signer (serial ${crl.revokedSerials[0]}) is revoked: it is on the CRL of C=UT + O=Masa Test + CN=Test CSCA A issued ${crl.thisUpdate.slice(0, 10)}`]);
      // Another signer of the same CSCA is not touched by it.
      const good = await verifyPassive({ sod: await buildSod(dataGroups, dsGood), dataGroups, cscaCertificates: [cscaA.x509], crls: [crl] });
      expect(good).toMatchObject({ csca: 'trusted', crl: 'current', problems: [] });
    });

    it('an expired CRL: still trusted when the signer is not on it, but the crl verdict is "expired" with a problem line', async () => {
      const stale = readCrl(await buildCrl(cscaA, [dsRevoked], { thisUpdate: new Date(Date.now() - 60 * DAY), nextUpdate: new Date(Date.now() - 2 * DAY) }));
      const r = await verifyPassive({ sod: await buildSod(dataGroups, dsGood), dataGroups, cscaCertificates: [cscaA.x509], crls: [stale] });
      expect(r).toMatchObject({ csca: 'trusted', crl: 'expired' });
      expect(r.problems).toEqual([`The CRL of C=UT + O=Masa Test + CN=Test CSCA A was due for renewal on ${stale.nextUpdate!.slice(0, 10)}: revocation was checked against an out-of-date list`]);
      // The revoked signer stays revoked on an old list.
      expect(await verifyPassive({ sod: await buildSod(dataGroups, dsRevoked), dataGroups, cscaCertificates: [cscaA.x509], crls: [stale] })).toMatchObject({ csca: 'revoked', crl: 'expired' });
    });

    it('a CRL not signed by the CSCA neither revokes nor counts; no CRL at all is "none"', async () => {
      const forged = readCrl(await buildCrl({ ...cscaA, keys: cscaB.keys }, [dsGood]));
      const sod = await buildSod(dataGroups, dsGood);
      expect(await verifyPassive({ sod, dataGroups, cscaCertificates: [cscaA.x509], crls: [forged] })).toMatchObject({ csca: 'trusted', crl: 'none' });
      expect(await verifyPassive({ sod, dataGroups, cscaCertificates: [cscaA.x509] })).toMatchObject({ csca: 'trusted', crl: 'none' });
      expect((await verifyPassive({ sod, dataGroups, cscaCertificates: null })).crl).toBeUndefined();
    });
  });
});
