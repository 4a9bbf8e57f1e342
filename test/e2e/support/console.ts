// The central office console (issue 13) as the e2e spec drives it: a real `masa-server start --http` (SyncServer),
// console accounts made with `masa-server admin add` (password from MASA_ADMIN_PASSWORD), and desks played through
// the sync protocol itself (common/sync/client.ts) — enrolled with one-time codes, pushing what real desks push, so
// the console has desks, a conflict, a customer and report figures to show.
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { SyncClient } from '../../../common/sync/client';
import { uuidv7 } from '../../../common/ids';
import type { SyncOp } from '../../../common/sync/protocol';
import { consoleMessages } from '../../../common/i18n/console-messages';
import type { Language } from '../../../common/i18n/languages';
import { SyncServer, enrolmentCode, serverCli } from './sync-server';

const ROOT = resolve(import.meta.dirname, '../../..');
export const SHOTS = resolve(ROOT, 'test-results/console');

/** A console sentence as the page shows it, parameters filled in. */
export function say(lang: Language, key: string, params: Record<string, string | number> = {}): string {
  let v: unknown = consoleMessages[lang];
  for (const part of key.split('.')) v = (v as Record<string, unknown> | undefined)?.[part];
  if (typeof v !== 'string') throw new Error(`no console message ${lang} ${key}`);
  return v.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

/** The part of a sentence before its first parameter (for a sentence whose parameter is a time). */
export function sayPrefix(lang: Language, key: string): string {
  return say(lang, key).split('{')[0];
}

export interface Desk {
  client: SyncClient;
  deskId: string;
  officeId: string;
  name: string;
}

export const ACCOUNTS = {
  central: { username: 'aysel', password: 'central-pass-2026', name: 'Aysel Məmmədova' },
  manager: { username: 'rauf', password: 'manager-pass-2026', name: 'Rauf Əliyev' },
  /** Locked out by the spec's wrong passwords; nobody else uses it. */
  locked: { username: 'lala', password: 'lala-pass-2026!', name: 'Lalə Hüseynova' },
} as const;

export const OFFICES = { baku: 'Bakı ASXM-1', ganja: 'Gəncə Poçt' } as const;
export const FIN = '5ZQW7KT';
export const IMEI = '356938035643817';

/**
 * The payloads as a desk sends them (common/operations' examples, written out: importing common/operations here
 * would load its JSON reference files, which Playwright's loader cannot import).
 */
const EXAMPLES: Record<string, Record<string, unknown>> = {
  'visit.create': { identityMethod: 'mrz', identityCheck: null, clerkId: 'clerk-1', createdAt: new Date().toISOString() },
  'imei.register': { clerkId: 'clerk-1', feeMinor: 1000, noticeCode: 'IM20261201000042', document: 'AA5550017', msisdn: '+994551234567', securityCode: 'X7-21', devicePriceMinor: 45000, priceBand: 'band-2', paymentType: 'cash' },
};

/** One operation as a desk pushes it (kind: one of EXAMPLES). */
export function op(seq: number, kind: string, payload: Record<string, unknown>, subject: string): SyncOp {
  const id = uuidv7();
  const base = kind === 'visit.create' ? EXAMPLES[kind] : { ...EXAMPLES[kind], operationId: id };
  return { id, seq, kind, subject, createdAt: new Date().toISOString(), payload: { ...base, ...payload } };
}

export async function enrol(server: SyncServer, office: string, name: string): Promise<Desk> {
  const code = await enrolmentCode(server.dataDir, office);
  const r = await new SyncClient(server.url).enrol(code, name);
  return { client: new SyncClient(server.url, { deskId: r.deskId, privateKey: r.privateKey }), deskId: r.deskId, officeId: r.officeId, name };
}

/** The server, its accounts, three desks, a customer and a conflict. */
export async function consoleWorld(): Promise<{ server: SyncServer; bakuDesk: Desk; otherBakuDesk: Desk; ganjaDesk: Desk }> {
  if (!existsSync(resolve(ROOT, 'out/console/index.html'))) throw new Error('the console is not built: run npm run build (or npx vite build --config console/vite.config.ts)');
  mkdirSync(SHOTS, { recursive: true });
  const server = await SyncServer.start([OFFICES.baku, OFFICES.ganja]);
  const add = async (a: { username: string; password: string; name: string }, role: string, office?: string) => {
    const r = await serverCli(server.dataDir, ['admin', 'add', a.username, '--role', role, '--name', a.name, ...(office ? ['--office', office] : [])], { MASA_ADMIN_PASSWORD: a.password });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  };
  await add(ACCOUNTS.central, 'central');
  await add(ACCOUNTS.manager, 'manager', OFFICES.ganja);
  await add(ACCOUNTS.locked, 'manager', OFFICES.ganja);
  const seeded = await serverCli(server.dataDir, ['reference', 'seed']);
  expect(seeded.code, seeded.stderr).toBe(0);

  const bakuDesk = await enrol(server, OFFICES.baku, 'Masa 1');
  const otherBakuDesk = await enrol(server, OFFICES.baku, 'Masa 2');
  const ganjaDesk = await enrol(server, OFFICES.ganja, 'Masa G1');
  // A customer identified at Masa 1, whose phone's IMEI Masa 1 registers; Masa 2 registers the same IMEI for
  // someone else afterwards: the server holds Masa 2's operation as a conflict.
  const visitId = uuidv7();
  const identity = { kind: 'citizen', fin: FIN, documentNumber: 'AA5550017', surname: 'QULIYEVA', givenName: 'SEVİNC', patronymic: 'ELDAR QIZI', birthDate: '1990-05-17', expiryDate: '2032-01-01' };
  const first = await bakuDesk.client.push([
    op(1, 'visit.create', { visitId, identity }, `fin:${FIN}`),
    op(2, 'imei.register', { visitId, fin: FIN, imei: IMEI, imei2: null }, `fin:${FIN}`),
  ]);
  expect(first.acks.map((a) => a.status)).toEqual(['applied', 'applied']);
  const other = await otherBakuDesk.client.push([op(1, 'imei.register', { visitId: uuidv7(), fin: '7QW3R5T', imei: IMEI, imei2: null }, 'fin:7QW3R5T')]);
  expect(other.acks.map((a) => a.status)).toEqual(['conflict']);
  // Each desk pulls once, telling the server what waits on it and its version (the Desks page shows both).
  await bakuDesk.client.pull(undefined, undefined, { pending: 0, appVersion: '0.1.0' });
  await ganjaDesk.client.pull(undefined, undefined, { pending: 3, appVersion: '0.1.0' });
  return { server, bakuDesk, otherBakuDesk, ganjaDesk };
}

export async function signIn(page: Page, baseUrl: string, who: { username: string; password: string }, path = '/console/'): Promise<void> {
  await page.goto(`${baseUrl}${path}`);
  await page.getByTestId('input-username').fill(who.username);
  await page.getByTestId('input-password').fill(who.password);
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-out')).toBeVisible();
}

export async function chooseLanguage(page: Page, lang: Language): Promise<void> {
  await page.getByTestId('language').selectOption(lang);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(SHOTS, `${name}.png`), fullPage: true });
}

/**
 * Another desk of the office, played through the sync protocol itself: enrolled with a one-time code, it registers a
 * phone's IMEI first, so the desk under test registering the same IMEI later gets a conflict (the Done-when spec).
 */
export async function registerImeiElsewhere(serverUrl: string, code: string, imei: string, deskName = 'Masa 9'): Promise<void> {
  const enrolled = await new SyncClient(serverUrl).enrol(code, deskName);
  const desk = new SyncClient(serverUrl, { deskId: enrolled.deskId, privateKey: enrolled.privateKey });
  const r = await desk.push([op(1, 'imei.register', { visitId: uuidv7(), fin: '7QW3R5T', imei, imei2: null }, 'fin:7QW3R5T')]);
  expect(r.acks.map((a) => a.status)).toEqual(['applied']);
}
