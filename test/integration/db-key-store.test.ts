// The desk database's key in the OS keystore (issue 10, deliver 6; hole 9's "0600 key file next to the database"),
// against a real Secret Service: gnome-keyring-daemon on a private D-Bus session bus that this file starts and stops.
// A new desk's key goes to the keyring and no key file is written; an existing desk's key file is moved there (file
// shredded, data intact); without a Secret Service the key file is used only as the fallback, which `masa doctor`
// warns about; and the key is never lost or silently replaced on the way.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DATABASE_FILE, KEY_FILE, openDatabase, openDatabaseReporting, withTx } from '../../electron/main/db/database';
import { getSetting, setSetting } from '../../electron/main/db/queries/settings';
import { ChainedKeyStore, SafeStorageKeyStore, SecretServiceKeyStore, WRAPPED_KEY_FILE, keyStoreUnavailable, type KeyStore, type SafeStoragePort } from '../../electron/main/db/key-store';
import { composeServices } from '../../electron/main/compose';
import { runDoctor } from '../../cli/commands/doctor';
import { openDesk, removeDir, runDeskCommand, tempDir, type TestDesk } from '../support/desk';
import { secretServiceMissing, startSecretService, type SecretService } from '../support/secret-service';

const missing = secretServiceMissing();
if (missing) console.warn(`db-key-store tests skipped: ${missing}`);

const dirs: string[] = [];
const desks: TestDesk[] = [];
const freshDir = (): string => {
  const d = tempDir('masa-keystore-');
  dirs.push(d);
  return d;
};
const keyringKey = (dataDir: string): string | null => new SecretServiceKeyStore(dataDir).read();

/** Today's desk (before this change): a 0600 key file beside a database holding `office`. */
function legacyDesk(office: string): { dir: string; key: string } {
  const dir = freshDir();
  const key = randomBytes(32).toString('hex');
  writeFileSync(join(dir, KEY_FILE), key + '\n', { mode: 0o600 });
  const db = openDatabase({ dataDir: dir, key });
  withTx(db, (tx) => setSetting(tx, 'office', office));
  db.close();
  return { dir, key };
}

/** Electron's safeStorage as index.ts passes it, minus Electron: AES-GCM under a key only this object holds. */
function fakeSafeStorage(backend = 'gnome_libsecret'): SafeStoragePort {
  const secret = randomBytes(32);
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', secret, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decryptString(wrapped) {
      const d = createDecipheriv('aes-256-gcm', secret, wrapped.subarray(0, 12));
      d.setAuthTag(wrapped.subarray(12, 28));
      return Buffer.concat([d.update(wrapped.subarray(28)), d.final()]).toString('utf8');
    },
  };
}
/** The Electron app's keystore (index.ts): safeStorage first, the OS keyring beside it. */
const electronStore = (dir: string, safe: SafeStoragePort): KeyStore => new ChainedKeyStore(new SafeStorageKeyStore(dir, safe), [new SecretServiceKeyStore(dir)]);

/** Sets environment variables for one test (the Secret Service's bus, MASA_DB_KEY_STORE) and puts them back after. */
const saved = new Map<string, string | undefined>();
function env(name: string, value: string | undefined): void {
  if (!saved.has(name)) saved.set(name, process.env[name]);
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

// One bus for the whole file: libdbus keeps the first session-bus address it used, so "no Secret Service" stops the
// keyring daemon on that bus rather than moving to another one.
let ss: SecretService;
const busBefore = process.env.DBUS_SESSION_BUS_ADDRESS;
beforeAll(async () => {
  if (missing) return;
  ss = await startSecretService();
  process.env.DBUS_SESSION_BUS_ADDRESS = ss.address;
});
afterAll(async () => {
  process.env.DBUS_SESSION_BUS_ADDRESS = busBefore;
  await ss?.stop();
});

describe.skipIf(missing !== null)('database key in the OS keyring (real Secret Service)', () => {
  afterEach(async () => {
    for (const d of desks.splice(0)) await d.dispose().catch(() => {});
    for (const [name, value] of saved) env(name, value);
    saved.clear();
    for (const d of dirs.splice(0)) removeDir(d);
    await ss.startKeyring();
  });

  it("a new desk's key is made in the keyring and no key file is ever written", async () => {
    const desk = await openDesk({ dataDir: freshDir() });
    desks.push(desk);
    expect(existsSync(join(desk.dataDir, KEY_FILE))).toBe(false);
    const key = keyringKey(desk.dataDir);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(desk.services.databaseKey).toMatchObject({ store: 'keyring', fallback: false, warning: null });
    // The keyring's key is the database's: it opens with that key given directly.
    openDatabase({ dataDir: desk.dataDir, key: key!, readonly: true }).close();
    const report = await runDoctor({ dataDir: desk.dataDir, timeoutMs: 1000 });
    expect(report.checks.find((c) => c.name === 'database key')).toMatchObject({ level: 'ok', detail: expect.stringContaining('Secret Service') });
    expect(report.databaseKey).toMatchObject({ store: 'keyring', fallback: false });
  });

  it("an existing desk's key file is moved into the keyring: file shredded, database opens, data intact", async () => {
    const { dir, key } = legacyDesk('ASXM Bakı-1');
    const services = composeServices({ dataDir: dir, host: 'cli', hardware: false, backgroundSync: false });
    try {
      expect(services.databaseKey).toMatchObject({ store: 'keyring', migrated: true, warning: null });
      expect(getSetting(services.db, 'office')).toBe('ASXM Bakı-1');
    } finally {
      await services.close();
    }
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
    expect(keyringKey(dir)).toBe(key);
    // The next start finds the key in the keyring alone.
    const again = openDatabaseReporting({ dataDir: dir });
    expect(again.key).toMatchObject({ store: 'keyring', migrated: false, warning: null });
    expect(getSetting(again.db, 'office')).toBe('ASXM Bakı-1');
    again.db.close();
  });

  it('MASA_DB_KEY_STORE=file: the key file is used only when asked for, the keyring is left alone, and doctor warns', async () => {
    env('MASA_DB_KEY_STORE', 'file');
    const dir = freshDir();
    const { db, key } = openDatabaseReporting({ dataDir: dir });
    db.close();
    expect(key).toMatchObject({ store: 'file', fallback: true, warning: expect.stringContaining('MASA_DB_KEY_STORE=file') });
    expect(statSync(join(dir, KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(keyringKey(dir)).toBeNull();
    const report = await runDoctor({ dataDir: dir, timeoutMs: 1000 });
    expect(report.checks.find((c) => c.name === 'database key')).toMatchObject({ level: 'warn', detail: expect.stringMatching(/key file.*Anyone who can read this user's files can read the key/) });
  });

  it('no Secret Service: the desk starts on the key file fallback, says so, and `masa doctor` warns (a warning: no exit 1 for it)', async () => {
    await ss.stopKeyring();
    env('MASA_DB_KEY_STORE', undefined);
    const desk = await openDesk({ dataDir: freshDir() });
    desks.push(desk);
    expect(existsSync(join(desk.dataDir, KEY_FILE))).toBe(true);
    expect(desk.services.databaseKey).toMatchObject({ store: 'file', fallback: true, warning: expect.stringMatching(/Secret Service.*cannot be reached.*using the key file instead/) });
    await desk.close();
    const run = await runDeskCommand(desk.dataDir, 'doctor', ['--timeout-ms', '1000']);
    expect(run.stdout).toMatch(/\[warn\] database key: .*cannot be reached.*using the key file instead/);
    // doctor's convention: warnings never fail; exit 1 only for a FAIL line (here perhaps pcscd, never the key).
    const fails = run.stdout.split('\n').filter((l) => l.includes('[FAIL]'));
    expect(fails.filter((l) => /database/.test(l))).toEqual([]);
    expect(run.code).toBe(fails.length > 0 ? 1 : 0);
    const json = JSON.parse((await runDeskCommand(desk.dataDir, 'doctor', ['--json', '--timeout-ms', '1000'])).stdout);
    expect(json.databaseKey).toMatchObject({ store: 'file', fallback: true });

    // When the Secret Service is back, the next start moves the key there.
    await ss.startKeyring();
    await desk.reopen();
    expect(desk.services.databaseKey).toMatchObject({ store: 'keyring', migrated: true });
    expect(existsSync(join(desk.dataDir, KEY_FILE))).toBe(false);
    expect(desk.services.auth.isSetUp()).toBe(true);
  });

  it('MASA_DB_KEY_STORE=keystore and no Secret Service: refused with a typed error, and no key file is made', async () => {
    await ss.stopKeyring();
    env('MASA_DB_KEY_STORE', 'keystore');
    const dir = freshDir();
    expect(() => openDatabase({ dataDir: dir })).toThrow(expect.objectContaining({ code: 'KEY_STORE_UNAVAILABLE' }));
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
    expect(existsSync(join(dir, DATABASE_FILE))).toBe(false);
  });

  it('a desk whose key is in the keyring, started while the Secret Service is down: refused, never a new key file', async () => {
    const dir = freshDir();
    openDatabase({ dataDir: dir }).close();
    await ss.stopKeyring();
    expect(() => openDatabase({ dataDir: dir })).toThrow(expect.objectContaining({ code: 'KEY_STORE_UNAVAILABLE', message: expect.stringMatching(/key file .* is missing.*start \(unlock\) it/) }));
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
    const report = await runDoctor({ dataDir: dir, timeoutMs: 1000 });
    expect(report.checks.find((c) => c.name === 'database')).toMatchObject({ level: 'fail' });
    // Back, the keyring's key opens the database as before.
    await ss.startKeyring();
    openDatabase({ dataDir: dir }).close();
  });
});

describe.skipIf(missing !== null)('the Electron app: safeStorage, with the keyring beside it for masa and the browser host', () => {
  afterEach(() => {
    for (const d of dirs.splice(0)) removeDir(d);
  });

  it('a key file is moved into safeStorage (wrapped, 0600) and the keyring; the CLI then opens the same database', () => {
    const { dir, key } = legacyDesk('ASXM Bakı-1');
    const { db, key: report } = openDatabaseReporting({ dataDir: dir, keyStore: electronStore(dir, fakeSafeStorage()) });
    db.close();
    expect(report).toMatchObject({ store: 'safe-storage', migrated: true, warning: null });
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
    const wrapped = readFileSync(join(dir, WRAPPED_KEY_FILE));
    expect(statSync(join(dir, WRAPPED_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(wrapped.toString('latin1')).not.toContain(key);
    // The CLI and the browser host cannot unwrap safeStorage: they find the key in the keyring.
    const cli = openDatabaseReporting({ dataDir: dir, readonly: true });
    expect(cli.key.store).toBe('keyring');
    expect(getSetting(cli.db, 'office')).toBe('ASXM Bakı-1');
    cli.db.close();
  });

  it('a desk first run by the browser host (key in the keyring only) opens in the app, which wraps the key on the way', () => {
    const dir = freshDir();
    openDatabase({ dataDir: dir }).close();
    expect(existsSync(join(dir, WRAPPED_KEY_FILE))).toBe(false);
    const { db, key } = openDatabaseReporting({ dataDir: dir, keyStore: electronStore(dir, fakeSafeStorage()) });
    db.close();
    expect(key).toMatchObject({ store: 'safe-storage', warning: null });
    expect(existsSync(join(dir, WRAPPED_KEY_FILE))).toBe(true);
  });

  it("safeStorage on Linux with no keyring behind it ('basic_text') counts as no keystore: the fallback, with a warning", () => {
    const dir = freshDir();
    const { db, key } = openDatabaseReporting({ dataDir: dir, keyStore: new SafeStorageKeyStore(dir, fakeSafeStorage('basic_text')) });
    db.close();
    expect(key).toMatchObject({ store: 'file', fallback: true, warning: expect.stringContaining('basic_text') });
    expect(existsSync(join(dir, WRAPPED_KEY_FILE))).toBe(false);
  });
});

/** A keystore that fails in the ways a real one can, to show that a migration never loses the key. */
class FaultyStore implements KeyStore {
  readonly kind = 'keyring' as const;
  readonly where = 'a test keystore';
  value: string | null = null;
  removed = 0;
  constructor(private readonly fault: 'write' | 'read-back' | 'none') {}
  read(): string | null {
    if (this.fault === 'read-back' && this.value !== null) return 'f'.repeat(64);
    return this.value;
  }
  write(key: string): void {
    if (this.fault === 'write') throw keyStoreUnavailable(this.where, 'the collection is locked');
    this.value = key;
  }
  remove(): boolean {
    this.removed++;
    const had = this.value !== null;
    this.value = null;
    return had;
  }
}

describe('key file migration never loses the key', () => {
  afterEach(() => {
    for (const d of dirs.splice(0)) removeDir(d);
  });

  it.each(['write', 'read-back'] as const)('the keystore fails (%s): the key file stays and the database opens with it', (fault) => {
    const { dir, key } = legacyDesk('kept');
    const { db, key: report } = openDatabaseReporting({ dataDir: dir, keyStore: new FaultyStore(fault) });
    expect(getSetting(db, 'office')).toBe('kept');
    db.close();
    expect(report).toMatchObject({ store: 'file', fallback: true, migrated: false, warning: expect.stringContaining('could not be moved into a test keystore') });
    expect(readFileSync(join(dir, KEY_FILE), 'utf8').trim()).toBe(key);
  });

  it('a key file that does not open the database: refused, the file kept, the keystore entry taken back out', () => {
    const { dir } = legacyDesk('kept');
    writeFileSync(join(dir, KEY_FILE), randomBytes(32).toString('hex') + '\n');
    const store = new FaultyStore('none');
    expect(() => openDatabaseReporting({ dataDir: dir, keyStore: store })).toThrow(expect.objectContaining({ code: 'DATABASE_KEY_REJECTED' }));
    expect(existsSync(join(dir, KEY_FILE))).toBe(true);
    expect(store.value).toBeNull();
  });

  it('a host without a keystore: the key file, with a warning; and refused outright when the keystore is required', () => {
    const dir = freshDir();
    expect(() => openDatabaseReporting({ dataDir: dir, keyStore: null, keyStoreChoice: 'keystore' })).toThrow(expect.objectContaining({ code: 'KEY_STORE_UNAVAILABLE' }));
    expect(existsSync(join(dir, KEY_FILE))).toBe(false);
    const { db, key } = openDatabaseReporting({ dataDir: dir, keyStore: null, keyStoreChoice: 'auto' });
    db.close();
    expect(key).toMatchObject({ store: 'file', fallback: true, warning: expect.stringContaining('no OS keystore') });
  });
});
