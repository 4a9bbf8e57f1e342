// The desk's named ID and SIM readers (issue 11, deliver 1): a supervisor names them, the change is audited, and the
// named reader wins the choice — through the composed desk, its IPC contract and real readers (pcscd + vpcd).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeskStatus } from '../../common/ipc/channels/app';
import { appendLuhn } from '../../common/domain/checksums';
import { SimApplet } from '../fixtures/vcards/sim-applet';
import { PcscHarness, pcscSkipReason } from '../support/pcsc';
import { CLERK, openDesk, waitFor, type TestDesk } from '../support/desk';

const skip = pcscSkipReason();

describe.skipIf(!!skip)('named ID and SIM readers', () => {
  let pcsc: PcscHarness;
  let desk: TestDesk;
  const oldSim = appendLuhn('899940100000111111');
  const newSim = appendLuhn('899940400000222222');

  beforeAll(async () => {
    pcsc = await PcscHarness.start();
    desk = await openDesk({ hardware: true, signIn: 'admin' });
    // Two SIMs, as during a SIM duplicate: the old one in the first reader, the new one in the second.
    await pcsc.card('id', new SimApplet(oldSim)).insert();
    await pcsc.card('sim', new SimApplet(newSim)).insert();
    await waitFor(() => desk.services.status.current().cardKinds.length === 2, 15_000, 'both SIMs seen');
  });
  afterAll(async () => {
    await desk?.dispose();
    await pcsc?.stop();
  });

  it('shows the kind of each card in the status bar', () => {
    expect(desk.services.status.current()).toMatchObject<Partial<DeskStatus>>({
      cardService: 'running',
      readers: 2,
      cardKinds: [
        { reader: pcsc.idReader.name, kind: 'sim' },
        { reader: pcsc.simReader.name, kind: 'sim' },
      ],
    });
  });

  it('reads the named SIM reader without asking which, and audits the change', async () => {
    expect(await desk.call('cards:readerSettings')).toEqual({ idReader: null, simReader: null });
    expect((await desk.callRaw('sim:readIccid', {})).error?.code).toBe('READER_AMBIGUOUS');

    const from = desk.services.audit.list({ limit: 1 })[0].seq;
    const saved = await desk.call('cards:setReaderSettings', { idReader: null, simReader: pcsc.idReader.name });
    expect(saved).toEqual({ idReader: null, simReader: pcsc.idReader.name });
    expect(await desk.call('sim:readIccid', {})).toMatchObject({ iccid: oldSim, reader: pcsc.idReader.name });
    // The other reader on the desk's word.
    await desk.call('cards:setReaderSettings', { idReader: pcsc.idReader.name, simReader: pcsc.simReader.name });
    expect(await desk.call('sim:readIccid', {})).toMatchObject({ iccid: newSim, reader: pcsc.simReader.name });
    const entries = desk.services.audit
      .list({ limit: 10 })
      .filter((e) => e.seq > from)
      .reverse()
      .map((e) => [e.kind, e.details]);
    expect(entries).toEqual([
      ['settings.update', { name: 'simReader', value: pcsc.idReader.name }],
      ['settings.update', { name: 'idReader', value: pcsc.idReader.name }],
      ['settings.update', { name: 'simReader', value: pcsc.simReader.name }],
    ]);
    // Kept in the desk's settings: a new start reads the same names.
    await desk.reopen({ signIn: 'admin' });
    expect(await desk.call('cards:readerSettings')).toEqual({ idReader: pcsc.idReader.name, simReader: pcsc.simReader.name });
  });

  it('refuses the same reader for both, and a clerk’s change', async () => {
    const same = await desk.callRaw('cards:setReaderSettings', { idReader: pcsc.simReader.name, simReader: pcsc.simReader.name });
    expect(same.error).toMatchObject({ code: 'INVALID_INPUT', fields: { simReader: 'READER_SAME' } });
    await desk.call('clerks:add', { username: CLERK.username, displayName: CLERK.displayName, password: CLERK.password, role: 'clerk', language: 'en' });
    await desk.call('auth:signOut');
    await desk.call('auth:signIn', { username: CLERK.username, password: CLERK.password });
    expect((await desk.callRaw('cards:setReaderSettings', { idReader: null, simReader: null })).error?.code).toBe('FORBIDDEN');
    expect(await desk.call('cards:readerSettings')).toEqual({ idReader: pcsc.idReader.name, simReader: pcsc.simReader.name });
  });
});
