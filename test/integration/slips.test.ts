// Customer slips (issue 12, deliver 5) rendered to PDF by headless Chromium and read back with pdftotext in az, en
// and ru: the SMS renewal slip (8500, the keywords, free of charge, the 30-day window from reference data), the
// PIN1/PIN2/PUK guidance and the KÖMİS first login; the renewal offer when a certificate enters the window; audit.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLOWS, iccid, openDesk, type TestDesk } from '../support/desk';
import type { Certificate } from '../../common/ipc/channels/flows';
import type { RenewalOffer } from '../../common/ipc/channels/slips';
import { iterateAuditEntries } from '../../electron/main/db/queries/audit';

let desk: TestDesk;
let tmp: string;
let certificate: Certificate;
const MSISDN = '+994501234567';

/** The PDF's text on one line per paragraph-ish: pdftotext wraps long lines where the page does. */
function pdfText(base64: string): string {
  const file = join(tmp, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'masa-slips-'));
  desk = await openDesk(FLOWS);
  const visit = await desk.newVisit();
  ({ certificate } = await desk.call<{ certificate: Certificate }>('cert:issue', { visitId: visit.id, certType: 'ferdi', holder: 'self', msisdn: MSISDN, sim: { readId: await desk.readSim(iccid('6100000001')) } }));
}, 60_000);
afterAll(async () => {
  await desk?.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

const slip = async (visitId: string, kind: 'renewal' | 'pin' | 'komis', language: 'az' | 'en' | 'ru', certificateId?: string) =>
  pdfText((await desk.call<{ base64: string }>('slips:print', { visitId, slip: kind, language, certificateId })).base64);

describe('the renewal offer', () => {
  it('names no certificate while the customer’s is far from expiry, and offers the slip inside the 30-day window', async () => {
    expect(certificate.validTo).toBe('2029-05-31');
    const early = await desk.newVisit();
    expect(await desk.call<RenewalOffer[]>('slips:renewalOffers', { visitId: early.id })).toEqual([]);

    desk.clock.set('2029-05-01T08:00:00Z');
    const inside = await desk.newVisit();
    expect(await desk.call<RenewalOffer[]>('slips:renewalOffers', { visitId: inside.id })).toEqual([
      { certificateId: certificate.id, type: 'ferdi', msisdn: MSISDN, validTo: '2029-05-31', daysLeft: 30, state: 'online-window' },
    ]);

    desk.clock.set('2029-04-30T08:00:00Z');
    const dayBefore = await desk.newVisit();
    expect(await desk.call<RenewalOffer[]>('slips:renewalOffers', { visitId: dayBefore.id })).toEqual([]);

    desk.clock.set('2029-06-01T08:00:00Z');
    const after = await desk.newVisit();
    expect(await desk.call<RenewalOffer[]>('slips:renewalOffers', { visitId: after.id })).toEqual([expect.objectContaining({ certificateId: certificate.id, daysLeft: -1, state: 'in-person' })]);
    desk.clock.set('2026-06-01T08:00:00Z');
  });
});

describe('slips in az, en and ru', () => {
  const renewal = {
    az: ['Asan İmza: yeniləmə və SMS ilə xidmət', `${MSISDN} nömrəsindəki Fərdi sertifikatınız 31.05.2029 tarixinədək etibarlıdır`, 'son 30 gündə e-taxes portalında onlayn yeniləyin: 01.05.2029 – 31.05.2029', '8500 nömrəsinə SMS göndərməklə pulsuz uzadılır', 'yalnız ASXM mərkəzində şəxsən'],
    en: ['Asan İmza: renewal and service by SMS', `Your Fərdi (individual) certificate on ${MSISDN} is valid until 2029-05-31`, 'in the last 30 days before it expires: from 2029-05-01 to 2029-05-31', 'extended by SMS to 8500, free of charge', 'only in person at an ASXM centre'],
    ru: ['Asan İmza: продление и услуга по SMS', `Ваш сертификат Fərdi (физ. лицо) на номере ${MSISDN} действителен до 31.05.2029`, 'в последние 30 дней до окончания срока: с 01.05.2029 по 31.05.2029', 'продлевается бесплатно по SMS на номер 8500', 'только лично в центре ASXM'],
  } as const;
  for (const lang of ['az', 'en', 'ru'] as const) {
    it(`prints the SMS renewal slip for the certificate in ${lang}: 8500, ferdi, biznes, dovlet, status, free, the window`, async () => {
      const visit = await desk.newVisit();
      const text = await slip(visit.id, 'renewal', lang, certificate.id);
      for (const line of renewal[lang]) expect(text).toContain(line);
      for (const kw of ['ferdi', 'biznes', 'dovlet', 'status']) expect(text).toMatch(new RegExp(`\\b${kw}\\b`));
    });
  }

  const pin = {
    az: ['PIN1, PIN2 və PUK kodlarınız', 'PIN1 ardıcıl 3 dəfə səhv daxil edilərsə, bloklanır: onu PUK ilə açın', 'PUK ardıcıl 3 dəfə səhv daxil edilərsə, SIM kart həmişəlik bloklanır', 'Bu vərəqdə onlar yoxdur'],
    en: ['Asan İmza: your PIN1, PIN2 and PUK', 'to log in', 'to sign', '3 wrong PIN1 entries in a row block PIN1: unblock it with the PUK', '3 wrong PUK entries in a row block the SIM for good: you then need a new SIM', 'This slip does not contain them'],
    ru: ['ваши PIN1, PIN2 и PUK', '3 неверных ввода PIN1 подряд блокируют PIN1: разблокируйте его кодом PUK', '3 неверных ввода PUK подряд блокируют SIM-карту навсегда', 'В этой памятке их нет'],
  } as const;
  for (const lang of ['az', 'en', 'ru'] as const) {
    it(`prints the PIN1/PIN2/PUK guidance in ${lang}, with the tries from reference data and no code`, async () => {
      const visit = await desk.newVisit();
      const text = await slip(visit.id, 'pin', lang);
      for (const line of pin[lang]) expect(text).toContain(line);
      // Digits on the slip: the tries, the date and time of the print and the FIN only — never a 4–8 digit code.
      expect(text.replace(/\d{2}\.\d{2}\.\d{4}|\d{4}-\d{2}-\d{2}|\d{2}:\d{2}/g, '').match(/\d{4,8}/g)).toBeNull();
    });
  }

  const komis = {
    az: ['KÖMİS: ilk girişiniz', 'Abunəçi kodu:', 'ilkin şifrə hər şeydən əvvəl dəyişdirilməlidir', 'İlkin şifrə 10 simvoldan ibarətdir'],
    en: ['KÖMİS: your first login', 'Subscriber code:', 'the initial password must be changed before anything else', 'The initial password has 10 characters'],
    ru: ['KÖMİS: ваш первый вход', 'Код абонента:', 'начальный пароль нужно сменить прежде всего', 'Начальный пароль состоит из 10 символов'],
  } as const;
  for (const lang of ['az', 'en', 'ru'] as const) {
    it(`prints the KÖMİS first-login instructions after a registration in ${lang}, without the password`, async () => {
      const visit = await desk.newVisit();
      const reg = await desk.call<{ subscriberCode: string }>('komis:register', {
        visitId: visit.id, documentSeries: 'AA', documentNumber: '1234567', accounts: { azeriqaz: '1002003004' },
      });
      const text = await slip(visit.id, 'komis', lang);
      for (const line of komis[lang]) expect(text).toContain(line);
      expect(text).toContain(reg.subscriberCode);
    });
  }
});

describe('audit', () => {
  it('records every slip printed, with the visit, kind and language', async () => {
    const entries = [...iterateAuditEntries(desk.services.db)].filter((e) => e.kind === 'print.slip').map((e) => JSON.parse(e.details_json) as Record<string, string>);
    expect(entries.map((e) => `${e.slip}/${e.language}`).sort()).toEqual(
      ['komis/az', 'komis/en', 'komis/ru', 'pin/az', 'pin/en', 'pin/ru', 'renewal/az', 'renewal/en', 'renewal/ru'],
    );
  });
});
