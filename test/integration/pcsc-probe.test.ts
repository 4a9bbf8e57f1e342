// Issue 11, deliver 1, through the real PC/SC stack (our pcscd + two vpcd readers, no mocks): a SIM and an ID card
// whose ATRs neither our table nor pcsc-tools list, in either reader order. The desk's card service asks the cards
// what they are; `masa read-id` and `masa read-iccid` (each with its own card service, as from a shell) read the
// right card without --reader while the desk's service runs beside them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hex } from '../../common/bytes';
import { command as cardsCommand } from '../../cli/commands/cards';
import { command as readIccidCommand } from '../../cli/commands/read-iccid';
import { command as readIdCommand } from '../../cli/commands/read-id';
import { ExitCode } from '../../cli/exit-codes';
import { AtrIdentifier } from '../../electron/main/cards/atr';
import { CardService, type CardsStatus } from '../../electron/main/cards/card-service';
import { idCardWithCard } from '../../electron/main/cards/icao/id-card-port';
import { IdChipReader } from '../../electron/main/cards/icao/id-reader';
import { luhnValid } from '../../electron/main/cards/sim';
import { CardServiceSimSource } from '../../electron/main/flows/card-ports';
import { DEFAULT_ICCID_ISSUERS } from '../../electron/main/cards/sim';
import { makeTd1, randomTd1Data } from '../fixtures/vcards/emrtd-mrz';
import { RemoteEmrtd } from '../fixtures/vcards/emrtd-remote';
import { PcscHarness, pcscSkipReason } from '../support/pcsc';
import { waitFor } from '../support/wait';

const skip = pcscSkipReason();

/** "UNLISTED" and "OTHERCRD" as historical bytes: no table, no pcsc-tools entry, no contactless structure. */
const SIM_ATR = Uint8Array.of(0x3b, 0x08, 0x55, 0x4e, 0x4c, 0x49, 0x53, 0x54, 0x45, 0x44);
const ID_ATR = Uint8Array.of(0x3b, 0x08, 0x4f, 0x54, 0x48, 0x45, 0x52, 0x43, 0x52, 0x44);

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } }, out: () => out.join(''), err: () => err.join('') };
}

const ICCID = (() => {
  for (let d = 0; d <= 9; d++) if (luhnValid('899940401234567890' + d)) return '899940401234567890' + d;
  throw new Error('unreachable');
})();

describe.skipIf(!!skip)('cards of unlisted ATRs found by their answers (pcscd + vpcd)', () => {
  let pcsc: PcscHarness;
  let desk: CardService;
  let snapshot: CardsStatus | null = null;
  // The cards play from processes of their own, like real cards: the binding's connect/disconnect are synchronous,
  // and a card in the test's own process cannot answer pcscd while such a call blocks it (the run hung once so).
  let inserted: RemoteEmrtd[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'masa-probe-'));
  const removeAll = async () => {
    for (const c of inserted) {
      await c.remove();
      await c.stop();
    }
    inserted = [];
  };

  beforeAll(async () => {
    pcsc = await PcscHarness.start();
    desk = new CardService({ emit: (_e, s) => (snapshot = s), backoff: { initialMs: 100, maxMs: 500 } });
    desk.start();
  });
  afterAll(async () => {
    await removeAll();
    desk?.stop();
    await pcsc?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('uses ATRs that say nothing about the card', () => {
    const identifier = new AtrIdentifier();
    expect(identifier.identify(SIM_ATR)).toMatchObject({ kind: 'unknown', source: 'none' });
    expect(identifier.identify(ID_ATR)).toMatchObject({ kind: 'unknown', source: 'none' });
  });

  for (const order of ['ID card first', 'SIM first'] as const) {
    it(`reads the ID card and the SIM without --reader (${order})`, async () => {
      await removeAll();
      await waitFor(() => !!snapshot && snapshot.readers.length === 2 && snapshot.readers.every((r) => !r.cardPresent), 10_000, 'empty readers');
      const mrz = makeTd1(randomTd1Data());
      const idReader = order === 'ID card first' ? pcsc.idReader : pcsc.simReader;
      const simReader = order === 'ID card first' ? pcsc.simReader : pcsc.idReader;
      const cscaDir = join(tmp, order.replace(/ /g, '-'));
      const idCard = await RemoteEmrtd.start({ mrz, port: idReader.port, host: pcsc.cardHost, cscaDir, atr: hex(ID_ATR) });
      const sim = await RemoteEmrtd.start({ mrz, port: simReader.port, host: pcsc.cardHost, cscaDir, atr: hex(SIM_ATR), sim: { iccid: ICCID } });
      inserted = [idCard, sim];
      await idCard.insert();
      await sim.insert();

      // The desk's service asked both cards on insertion, with no flow asking: the readers panel shows the kinds.
      const kinds = () => Object.fromEntries((snapshot?.readers ?? []).map((r) => [r.name, `${r.kind}/${r.kindSource}`]));
      await waitFor(() => kinds()[idReader.name] === 'id-card/probe' && kinds()[simReader.name] === 'sim/probe', 10_000, 'the probes of both cards');
      expect(snapshot!.readers.find((r) => r.name === idReader.name)).toMatchObject({ atr: '3B084F54484552435244', cardName: 'ID card', inUse: false });

      // `masa cards` (its own service, started just now) waits for its answers before listing.
      const list = io();
      expect(await cardsCommand.run([], list.io)).toBe(ExitCode.Ok);
      expect(list.out()).toContain(`${idReader.name}: ID card [id-card, asked] ATR 3B084F54484552435244`);
      expect(list.out()).toContain(`${simReader.name}: SIM card [sim, asked] ATR 3B08554E4C4953544544`);

      const id = io();
      expect(await readIdCommand.run(['--mrz', mrz, '--json'], id.io)).toBe(ExitCode.Ok);
      expect(JSON.parse(id.out())).toMatchObject({ verified: true, reader: idReader.name, chip: { documentNumber: mrz.slice(5, 14).replace(/<+$/, '') } });
      const iccid = io();
      expect(await readIccidCommand.run(['--json'], iccid.io)).toBe(ExitCode.Ok);
      expect(JSON.parse(iccid.out())).toEqual({ iccid: ICCID, luhnValid: true, operator: 'Nar', reader: simReader.name });

      // The desk's own ports choose the same way.
      const chip = await new IdChipReader({ withCard: idCardWithCard(desk), cscaDirectory: () => null }).read({ mrz });
      expect(chip.reader).toBe(idReader.name);
      await expect(new CardServiceSimSource(desk, () => DEFAULT_ICCID_ISSUERS).readIccid()).resolves.toMatchObject({ iccid: ICCID, reader: simReader.name });
    });
  }
});
