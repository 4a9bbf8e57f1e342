import { describe, expect, it } from 'vitest';
import { enrolLink, parseEnrolLink } from '../../common/sync/enrol-link';

const PIN = 'sha256/' + 'A'.repeat(43) + '=';

describe('enrolment link (QR content a desk scanner types)', () => {
  it('round-trips address, code and pin', () => {
    const link = enrolLink({ serverUrl: 'https://sync.example.az:8787', code: 'ABCD-EFGH-JKMN', pin: PIN });
    expect(link.startsWith('masa-enrol:?server=https%3A%2F%2Fsync.example.az%3A8787&code=ABCD-EFGH-JKMN&pin=sha256%2F')).toBe(true);
    expect(parseEnrolLink(`  ${link}\n`)).toEqual({ serverUrl: 'https://sync.example.az:8787', code: 'ABCD-EFGH-JKMN', pin: PIN });
  });
  it('a plain-HTTP loopback server has no pin', () => {
    expect(parseEnrolLink(enrolLink({ serverUrl: 'http://127.0.0.1:8787', code: 'ABCD-EFGH-JKMN', pin: null }))).toEqual({
      serverUrl: 'http://127.0.0.1:8787',
      code: 'ABCD-EFGH-JKMN',
      pin: null,
    });
  });
  it('a code typed by hand, a broken pin or a non-web address is not a link', () => {
    expect(parseEnrolLink('ABCD-EFGH-JKMN')).toBeNull();
    expect(parseEnrolLink('masa-enrol:?server=https%3A%2F%2Fx&code=A&pin=nonsense')).toBeNull();
    expect(parseEnrolLink('masa-enrol:?server=javascript%3Aalert(1)&code=A')).toBeNull();
    expect(parseEnrolLink('masa-enrol:?code=A')).toBeNull();
  });
});
