// Shared set-up for the flows integration tests: a desk in a temp folder with a supervisor and a clerk signed in,
// a settable clock, a fake SIM reader and token, and helpers for valid identifiers.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices, type Services } from '../../electron/main/compose';
import { luhnCheckDigit } from '../../common/domain/checksums';
import type { SimIccidSource, TokenPort } from '../../electron/main/flows/ports';
import type { TokenStatus } from '../../common/ipc/channels/flows';
import type { PdfRenderer } from '../../electron/main/printing/pdf-renderer';
import { AppError, ErrorCode } from '../../common/errors';
import { createCardChannel } from '../../common/apdu';
import type { CardAccess } from '../../electron/main/flows/card-ports';
import type { CardSession, CardTarget } from '../../electron/main/cards/card-service';
import type { CardKind } from '../../electron/main/cards/atr';
import type { VirtualApplet } from '../fixtures/vcards/applet';

/** One reader holding a virtual card (or nothing), standing in for CardService.withCard. */
export class VirtualReader<A extends VirtualApplet & { reset(): void }> implements CardAccess {
  applet: A | null = null;
  constructor(private readonly kind: CardKind) {}
  async withCard<T>(_target: CardTarget, fn: (s: CardSession) => Promise<T>): Promise<T> {
    if (!this.applet) throw new AppError(ErrorCode.NoCard, 'Put the card in the reader.');
    const applet = this.applet;
    applet.reset();
    return fn({
      channel: createCardChannel(async (bytes) => applet.process(bytes)),
      reader: { name: 'Virtual reader 0', cardPresent: true, atr: null, kind: this.kind, cardName: `virtual ${this.kind}`, inUse: true },
    });
  }
}

export class TestClock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current);
  }
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

export function iccid(serial: string, issuer = '8999401'): string {
  const body = `${issuer}${serial}`.padEnd(18, '0').slice(0, 18);
  return body + luhnCheckDigit(body);
}

export function imei(body14: string): string {
  return body14 + luhnCheckDigit(body14);
}

export function legalVoen(first8 = '12345678'): string {
  const w = [4, 1, 8, 6, 2, 7, 5, 3];
  let base = Number(first8);
  for (;;) {
    const d = String(base).padStart(8, '0');
    const check = [...d].reduce((s, c, i) => s + Number(c) * w[i], 0) % 11;
    if (check < 10) return `${d}${check}1`;
    base++;
  }
}

export class FakeSim implements SimIccidSource {
  iccid = iccid('0000000001');
  async readIccid() {
    return { iccid: this.iccid, luhnValid: true, operator: 'Azercell' };
  }
}

/** A token with a user PIN and PUK; records what it was given only as a length, never the digits. */
export class FakeToken implements TokenPort {
  present = true;
  triesLeft = 0;
  puk = '12345678';
  receivedBuffers: Uint8Array[] = [];
  async status(): Promise<TokenStatus> {
    return {
      present: this.present,
      reader: 'Fake Reader 0',
      label: 'e-Imza',
      serial: 'TK-0001',
      pin: { state: this.triesLeft === 0 ? 'blocked' : 'ok', triesLeft: this.triesLeft, maxTries: 10 },
      certificates: [{ subject: 'CN=TEST', serial: '01AB', validTo: '2028-01-01', daysLeft: 500 }],
    };
  }
  async unblockPin(_reader: string | undefined, puk: Uint8Array, newPin: Uint8Array): Promise<void> {
    this.receivedBuffers.push(puk, newPin);
    if (new TextDecoder().decode(puk) !== this.puk) throw new AppError(ErrorCode.PinWrong, 'Wrong PUK.');
    this.triesLeft = 10;
  }
}

export interface Desk {
  s: Services;
  clock: TestClock;
  sim: FakeSim;
  token: FakeToken;
  dir: string;
  call<T = unknown>(channel: string, input?: unknown): Promise<T>;
  callRaw(channel: string, input?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string; fields?: Record<string, string>; details?: Record<string, unknown> } }>;
  newVisit(identity?: Record<string, unknown>, method?: 'chip' | 'mrz'): Promise<{ id: string }>;
  approve(action: string, reason?: string): Promise<string>;
  close(): Promise<void>;
}

export const citizen = (over: Record<string, unknown> = {}) => ({
  kind: 'citizen',
  fin: '5ABCDEF',
  documentNumber: 'AA1234567',
  surname: 'Əliyev',
  givenName: 'Rəşad',
  patronymic: 'Kamal oğlu',
  birthDate: '1985-03-14',
  expiryDate: '2030-01-01',
  ...over,
});

export async function openDesk(opts: { now?: string; pdfRenderer?: PdfRenderer; simSource?: (services: () => Services) => SimIccidSource; tokenPort?: (services: () => Services) => TokenPort } = {}): Promise<Desk> {
  const dir = mkdtempSync(join(tmpdir(), 'masa-flows-'));
  const clock = new TestClock(new Date(opts.now ?? '2026-06-01T08:00:00Z'));
  const sim = new FakeSim();
  const token = new FakeToken();
  let composed: Services | null = null;
  const simPort = opts.simSource ? opts.simSource(() => composed!) : sim;
  const tokenPort = opts.tokenPort ? opts.tokenPort(() => composed!) : token;
  const s = composeServices({ dataDir: dir, host: 'cli', clock, hardware: false, backgroundSync: false, flowPorts: { sim: simPort, tokens: tokenPort }, pdfRenderer: opts.pdfRenderer });
  composed = s;
  const callRaw = (channel: string, input?: unknown) => s.dispatch(channel, input, { origin: 'in-process' }) as ReturnType<Desk['callRaw']>;
  const call = async <T,>(channel: string, input?: unknown): Promise<T> => {
    const r = await callRaw(channel, input);
    if (!r.ok) throw Object.assign(new Error(`${channel}: ${r.error!.code} ${r.error!.message} ${JSON.stringify(r.error!.fields ?? {})}`), { payload: r.error });
    return r.value as T;
  };
  await call('app:setup', { office: 'ASXM Bakı-1', desk: 'Masa 3', adminUsername: 'boss', adminDisplayName: 'Nigar Supervisor', adminPassword: 'boss-password', language: 'az' });
  await call('auth:signIn', { username: 'boss', password: 'boss-password' });
  await call('clerks:add', { username: 'clerk', displayName: 'Elvin Clerk', password: 'clerk-password', role: 'clerk', language: 'en' });
  await call('auth:signIn', { username: 'clerk', password: 'clerk-password' });
  return {
    s,
    clock,
    sim,
    token,
    dir,
    call,
    callRaw,
    newVisit: (identity = citizen(), method = 'chip') =>
      call('visits:create', { identity, identityMethod: method, identityCheck: method === 'chip' ? { chipRead: true } : {} }),
    approve: async (action, reason = 'approved for the test') => (await call<{ approvalId: string }>('auth:approve', { username: 'boss', password: 'boss-password', reason, action })).approvalId,
    close: async () => {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The error code and fields of a failed call. */
export async function failure(desk: Desk, channel: string, input: unknown): Promise<{ code: string; fields?: Record<string, string>; details?: Record<string, unknown> }> {
  const r = await desk.callRaw(channel, input);
  if (r.ok) throw new Error(`${channel} succeeded but should have failed`);
  return r.error!;
}
