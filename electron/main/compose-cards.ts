// The desk's card stack, built in one place: the PC/SC card service, the SIM reader port, the ID chip reader and
// the e-İmza token port (PIN cards in a reader, then USB tokens through PKCS#11). composeServices() uses it for the
// app and the browser host; the CLI's card commands use it directly (they need no database).
import { CardService, type CardsEmit } from './cards/card-service';
import type { NamedReaders } from './cards/card-kinds';
import { DEFAULT_ICCID_ISSUERS, type IccidIssuer } from './cards/sim';
import { IdChipReader, type WithCard } from './cards/icao/id-reader';
import { idCardWithCard } from './cards/icao/id-card-port';
import type { TrustMaterial } from '../../node-common/icao-trust-rows';
import { Pkcs11TokenPort, Pkcs11Tokens } from './cards/tokens';
import { PinCardTokenPort } from './cards/pin-card-port';
import { DeskTokens, type TokenPort } from './cards/token-port';
import { CardServiceSimSource } from './flows/card-ports';
import type { SimIccidSource } from './flows/ports';

export interface CardStackOptions {
  /** Reader/card snapshots as they change (the status bar, `cards:changed`). */
  emit?: CardsEmit;
  /** ICCID issuer prefixes, read at each SIM read (reference data on the desk); default: the built-in ones. */
  issuers?: () => readonly IccidIssuer[];
  /** PKCS#11 module for USB e-İmza tokens; default $MASA_PKCS11_MODULE, else the first known module installed. */
  pkcs11Module?: string;
  /** Folder of trusted CSCA certificates for passive authentication; default $MASA_CSCA_DIR (none → "not checked"). */
  cscaDirectory?: string | null;
  /** The trust list pulled from the sync server (the desk database's `icao_trust` rows); the folder adds to it. */
  trust?: () => TrustMaterial | null;
  /** The ID chip's card access instead of the PC/SC card service (an in-process chip in tests). */
  idCard?: WithCard;
  now?: () => Date;
  /** The desk's named ID and SIM readers (its settings; the CLI has none and lets the cards answer). */
  namedReaders?: () => NamedReaders;
}

export interface CardStack {
  readonly cards: CardService;
  readonly sim: SimIccidSource;
  readonly tokens: TokenPort;
  readonly idChip: IdChipReader;
  /** Starts watching readers (PC/SC hot-plug); never throws when pcscd is absent. */
  start(): void;
  close(): void;
}

export function composeCards(options: CardStackOptions = {}): CardStack {
  const cards = new CardService({ emit: options.emit, namedReaders: options.namedReaders });
  const pkcs11 = new Pkcs11Tokens({ modulePath: options.pkcs11Module ?? process.env.MASA_PKCS11_MODULE, now: options.now });
  const cscaDirectory = options.cscaDirectory === undefined ? (process.env.MASA_CSCA_DIR ?? null) : options.cscaDirectory;
  return {
    cards,
    sim: new CardServiceSimSource(cards, options.issuers ?? (() => DEFAULT_ICCID_ISSUERS)),
    // A PIN card in a reader first (it says "this is a SIM, not a token" when that is what is there), then USB tokens.
    tokens: new DeskTokens([new PinCardTokenPort(cards), new Pkcs11TokenPort(pkcs11)]),
    idChip: new IdChipReader({ withCard: options.idCard ?? idCardWithCard(cards), cscaDirectory: () => cscaDirectory, trust: options.trust, now: options.now }),
    start: () => cards.start(),
    close: () => {
      cards.stop();
      pkcs11.close();
    },
  };
}
