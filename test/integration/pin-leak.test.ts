// PINs and PUKs go renderer → main → card and nowhere else. A PUK unblock runs through the composed desk (as the
// browser host builds it) against a virtual e-İmza card in a real pcscd reader; afterwards every table of the
// decrypted database, every file in the data folder, everything written to stdout/stderr (the logs) and every
// event payload sent towards the renderer is searched for the PIN and PUK values used.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PinCardApplet } from '../fixtures/vcards/pin-card-applet';
import { PcscHarness, pcscSkipReason } from '../support/pcsc';
import { openDesk, setUpDesk, waitFor, type TestDesk } from '../support/desk';
import { expectNoSecret, expectNoSecretInFiles, findSecrets } from '../support/secrets';
import { buildTd1 } from '../support/mrz-builder';

const skip = pcscSkipReason();
if (skip) console.warn(skip);

const WRONG_PUK = '19283746';
const PUK = '64820391';
const NEW_PIN = '58274';
const SECRETS = [WRONG_PUK, PUK, NEW_PIN];

describe.skipIf(!!skip)('no PIN or PUK leaves the card path', () => {
  let pcsc: PcscHarness;
  let desk: TestDesk;
  const events: string[] = [];
  const logged: string[] = [];
  const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

  beforeAll(async () => {
    pcsc = await PcscHarness.start();
    desk = await openDesk({ hardware: true, setUp: false });
    desk.services.bus.subscribe((name, payload) => events.push(JSON.stringify({ name, payload })));
    // Everything the main process logs goes through these two streams.
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => (logged.push(String(chunk)), writes.out(chunk, ...(rest as [])))) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => (logged.push(String(chunk)), writes.err(chunk, ...(rest as [])))) as typeof process.stderr.write;
    await setUpDesk(desk);
  });
  afterAll(async () => {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    await desk?.dispose();
    await pcsc?.stop();
  });

  it('unblocks a blocked PIN with the PUK, and the values are found nowhere afterwards', async () => {
    const card = new PinCardApplet({ pin: '7391', puk: PUK, pinTries: 10 });
    card.pinCounter.left = 0;
    await pcsc.card('id', card).insert();
    const mrz = buildTd1({ documentNumber: 'AA1234567', fin: '5ZX8K2P', birth: '900215', expiry: '320215', surname: 'MAMMADOVA', givenNames: 'LEYLA' });
    const visit = await desk.callRaw('visits:create', {
      identity: { kind: 'citizen', fin: '5ZX8K2P', documentNumber: 'AA1234567', surname: 'MAMMADOVA', givenName: 'LEYLA', patronymic: '', birthDate: '1990-02-15', expiryDate: '2032-02-15', mrz: mrz.join('\n') },
      identityMethod: 'mrz',
    });
    const visitId = (visit.value as { id: string }).id;

    let status = await desk.callRaw('token:status', {});
    await waitFor(async () => (status = await desk.callRaw('token:status', {})).ok, 10_000, 'pcscd to report the card');
    expect(status.value).toMatchObject({ pin: { state: 'blocked' } });

    const wrong = await desk.callRaw('token:unblock', { visitId, puk: WRONG_PUK, newPin: NEW_PIN });
    expect(wrong.error?.code).toBe('PUK_WRONG');
    const done = await desk.callRaw('token:unblock', { visitId, puk: PUK, newPin: NEW_PIN });
    expect(done.ok).toBe(true);
    expect(card.pinTriesLeft).toBe(10);

    // Results handed back to the renderer.
    expectNoSecret(SECRETS, JSON.stringify(wrong), JSON.stringify(done));
    // Events pushed to the renderer (card insert snapshots, status, visit changes…).
    expect(events.length).toBeGreaterThan(0);
    expectNoSecret(SECRETS, ...events);
    // Logs.
    expectNoSecret(SECRETS, ...logged);
    // Every row of every table, decrypted (the outbox included: what would be synced).
    const db = desk.services.db;
    db.pragma('wal_checkpoint(TRUNCATE)');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    const dump = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all()));
    expect(dump.join('')).toContain('token.unblock'); // the operation itself was recorded
    expect(findSecrets(SECRETS, ...dump)).toEqual([]);
    // And the files on disk (database, WAL, key file).
    expectNoSecretInFiles(SECRETS, desk.dataDir);
  });
});
