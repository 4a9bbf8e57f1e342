// Stand-ins and valid values for the desk harness (desk.ts re-exports all of it): a virtual card in a reader for the
// real card adapters, a fake SIM reader and e-İmza token for the flows, and identifiers that pass the real checks.
import { luhnCheckDigit } from '../../common/domain/checksums';
import { validateVoen } from '../../common/domain/identifiers';
import type { SimIccidSource, TokenPort } from '../../electron/main/flows/ports';
import type { TokenStatus } from '../../common/ipc/channels/flows';
import { AppError, ErrorCode } from '../../common/errors';
import { createCardChannel } from '../../common/apdu';
import type { CardAccess } from '../../electron/main/flows/card-ports';
import type { CardSession, CardTarget } from '../../electron/main/cards/card-service';
import type { CardKind } from '../../electron/main/cards/atr';
import type { VirtualApplet } from '../fixtures/vcards/applet';
import type { IdChipPort } from '../../electron/main/services/chip-reads';
import type { ChipRead } from '../../common/ipc/channels/idcard';
import { syntheticChipRead } from '../../cli/commands/synthetic-chip';

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
      reader: { name: 'Virtual reader 0', cardPresent: true, atr: null, kind: this.kind, kindSource: 'atr', cardName: `virtual ${this.kind}`, inUse: true },
    });
  }
}

export function iccid(serial: string, issuer = '8999401'): string {
  const body = `${issuer}${serial}`.padEnd(18, '0').slice(0, 18);
  return body + luhnCheckDigit(body);
}

export function imei(body14: string): string {
  return body14 + luhnCheckDigit(body14);
}

/** The first valid legal-person VÖEN (status digit 1) from `first8` upwards, by the application's own validator. */
export function legalVoen(first8 = '12345678'): string {
  for (let base = Number(first8); ; base++) {
    const digits = String(base).padStart(8, '0');
    for (let check = 0; check < 10; check++) {
      const voen = `${digits}${check}1`;
      if (validateVoen(voen) === null) return voen;
    }
  }
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

/** The ID chip reader: reads, as a genuine authentic chip would, the document of `identity` (set before the read). */
export class FakeIdChip implements IdChipPort {
  identity: Record<string, unknown> = citizen();
  constructor(private readonly now: () => Date) {}
  async read(): Promise<ChipRead> {
    return syntheticChipRead(this.identity, this.now());
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
