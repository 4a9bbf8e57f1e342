// Desk set-up, clerk accounts, sign-in, screen lock and supervisor approvals.
// One desk serves one clerk at a time, so the session lives in the main process, not in the renderer.
// Electron's window, the CLI and the tests share the desk's one session; the browser host gives each WebSocket
// connection a session of its own (openSession/inSession), so a second tab or a second client never inherits the
// clerk signed in on the first.
import { AsyncLocalStorage } from 'node:async_hooks';
import { withTx, type Db, type WritableDb } from '../db/database';
import { AppError, ErrorCode } from '../../../common/errors';
import { uuidv7 } from '../../../common/ids';
import type { Clerk, Role, Session } from '../../../common/ipc/channels/app';
import { defaultLanguage, type Language } from '../../../common/i18n/languages';
import { z } from 'zod';
import type { Change } from '../../../common/sync/protocol';
import {
  clerkOrigin, countClerks, deactivateCentralClerk, findClerkById, findClerkByUsername, insertClerk, listClerks, updateClerkActive, updateClerkLanguage,
  updateClerkPasswordHash, upsertCentralClerk, type ClerkWithHash,
} from '../db/queries/clerks';
import { getSetting, setSetting } from '../db/queries/settings';
import { findApproval, insertApproval, markApprovalUsed } from '../db/queries/approvals';
import { dummyHash, hashPassword, needsRehash, PASSWORD_COST, verifyPassword } from '../../../node-common/passwords';
import type { EventBus } from './event-bus';
import type { Clock } from './clock';
import type { AuditPort } from './audit-log';
import { countFailure, forgetFailures, lockedFor } from './sign-in-lockout';
import { acceptsClerkRow, signedAccount } from './signed-clerks';

const DEFAULT_IDLE_LOCK_MINUTES = 5;
/**
 * Main locks a window's session this long after the idle period the screen counts: the renderer reports input at
 * most every 15 s (auth:activity), so main never locks before the screen does, only when the screen did not.
 */
export const IDLE_GRACE_MS = 30_000;
/** An approval is for the operation being completed now, not for later. */
const APPROVAL_VALID_MS = 10 * 60_000;

export interface SetupInput {
  office: string;
  desk: string;
  adminUsername: string;
  adminDisplayName: string;
  adminPassword: string;
  language: Language;
}

export interface Approval {
  approvalId: string;
  supervisorId: string;
  supervisorName: string;
}

/**
 * A clerk account published by the central office (the server's `clerks` reference table, rows per office):
 * `{id, username, displayName, role, language?, passwordHash, active?}`. The hash is a scrypt hash made by
 * `hashPassword`; the clear password never leaves the office that set it.
 */
export const centralClerkRowSchema = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}$/i).optional(),
  username: z.string().trim().min(2).max(40).regex(/^[a-z0-9._-]+$/i),
  displayName: z.string().trim().min(2).max(100),
  role: z.enum(['clerk', 'supervisor']),
  language: z.enum(['az', 'en', 'ru']).default('az'),
  passwordHash: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/),
  active: z.boolean().default(true),
});

export interface AuthOptions {
  /** scrypt's N for new hashes and the cost older hashes are raised to at sign-in; default PASSWORD_COST (2^17). */
  passwordCost?: number;
  /** The audit log: sign-ins (and failures), sign-outs, locks, approvals and account and settings edits. */
  audit?: AuditPort;
}

/** Why a password is being checked: the audit entry of a wrong one says so. */
type CheckFor = 'signIn' | 'unlock' | 'approval';

function publicClerk(c: ClerkWithHash): Clerk {
  return { id: c.id, username: c.username, displayName: c.displayName, role: c.role, language: c.language, active: c.active };
}

/** Who is signed in and whether the screen is locked, for one window or browser-host connection. */
export interface DeskSession {
  clerk: ClerkWithHash | null;
  locked: boolean;
  /** When the session last showed activity (epoch ms): a window's session locks in main once idle too long. */
  activeAt?: number;
}

export class AuthService {
  private readonly deskSession: DeskSession = { clerk: null, locked: false };
  private readonly sessions = new Set<DeskSession>([this.deskSession]);
  // The session a call runs in follows the call through its awaits, so no service needs a session argument:
  // they all ask requireClerk(), which answers for the connection that made the call.
  private readonly scope = new AsyncLocalStorage<DeskSession>();
  private readonly passwordCost: number;
  /** Verified when the username is unknown, at the same cost as a real hash, so timing does not tell them apart. */
  private readonly dummyHash: string;
  private readonly audit: AuditPort | null;

  constructor(
    private readonly db: Db,
    private readonly bus: EventBus,
    private readonly clock: Clock,
    options: AuthOptions = {},
  ) {
    this.passwordCost = options.passwordCost ?? PASSWORD_COST;
    this.dummyHash = dummyHash(this.passwordCost);
    this.audit = options.audit ?? null;
  }

  /** A fresh signed-out session (the browser host makes one per connection). */
  openSession(): DeskSession {
    const s: DeskSession = { clerk: null, locked: false };
    this.sessions.add(s);
    return s;
  }

  /** Forgets a session whose connection closed: nobody is signed in on it any more. */
  closeSession(s: DeskSession): void {
    if (s === this.deskSession) return;
    this.sessions.delete(s);
    s.clerk = null;
  }

  /** Runs `fn` (and whatever it awaits) in `session`. */
  inSession<T>(session: DeskSession, fn: () => T): T {
    return this.scope.run(session, fn);
  }

  /** The session of the call running now: a browser-host connection's, else the desk's. */
  activeSession(): DeskSession {
    return this.scope.getStore() ?? this.deskSession;
  }

  private get current(): ClerkWithHash | null {
    return this.activeSession().clerk;
  }

  private set current(clerk: ClerkWithHash | null) {
    this.activeSession().clerk = clerk;
  }

  private get locked(): boolean {
    return this.activeSession().locked;
  }

  private set locked(locked: boolean) {
    this.activeSession().locked = locked;
  }

  isSetUp(): boolean {
    return getSetting(this.db, 'office') !== null && countClerks(this.db) > 0;
  }

  office(): string | null {
    return getSetting(this.db, 'office');
  }

  desk(): string | null {
    return getSetting(this.db, 'desk');
  }

  defaultLanguage(): Language {
    return getSetting(this.db, 'defaultLanguage') ?? defaultLanguage;
  }

  idleLockMinutes(): number {
    return getSetting(this.db, 'idleLockMinutes') ?? DEFAULT_IDLE_LOCK_MINUTES;
  }

  session(): Session {
    return { clerk: this.current ? publicClerk(this.current) : null, locked: this.locked, idleLockMinutes: this.idleLockMinutes() };
  }

  async setup(input: SetupInput): Promise<void> {
    if (this.isSetUp()) throw new AppError(ErrorCode.AlreadySetUp, 'This desk is already set up.');
    const passwordHash = await hashPassword(input.adminPassword, this.passwordCost);
    const now = this.clock.now().toISOString();
    withTx(this.db, (tx) => {
      if (countClerks(tx) > 0) throw new AppError(ErrorCode.AlreadySetUp, 'This desk is already set up.');
      setSetting(tx, 'office', input.office);
      setSetting(tx, 'desk', input.desk);
      setSetting(tx, 'defaultLanguage', input.language);
      setSetting(tx, 'idleLockMinutes', DEFAULT_IDLE_LOCK_MINUTES);
      const id = uuidv7();
      insertClerk(tx, { id, username: input.adminUsername, displayName: input.adminDisplayName, role: 'supervisor', passwordHash, language: input.language, createdAt: now });
      this.audit?.append(tx, { kind: 'desk.setup', actor: id, details: { office: input.office, desk: input.desk } });
    });
  }

  private async checkCredentials(username: string, password: string, checkFor: CheckFor): Promise<ClerkWithHash> {
    const now = this.clock.now().getTime();
    const wait = lockedFor(this.db, username, now);
    if (wait > 0) {
      // Tried while held back: not checked, but logged, so a guesser's hammering shows in the log.
      withTx(this.db, (tx) => this.audit?.append(tx, { kind: 'auth.signInFailed', actor: null, details: { username, for: checkFor, heldBack: true } }));
      throw new AppError(ErrorCode.BadCredentials, 'Too many wrong passwords. Wait 30 seconds and try again.', { details: { retryAfterMs: wait } });
    }
    const found = findClerkByUsername(this.db, username);
    // A central account is checked against the row the server signed (signed-clerks.ts): an edited copy signs no one in.
    const signed = found ? signedAccount(this.db, found) : null;
    const clerk = signed === 'altered' ? null : found;
    // Verify against a dummy hash when the user is unknown, so timing does not reveal which usernames exist.
    const ok = clerk ? await verifyPassword(password, signed && signed !== 'altered' ? signed.passwordHash : clerk.passwordHash) : (await verifyPassword(password, this.dummyHash), false);
    if (!ok || !clerk || !clerk.active) {
      // The count and its audit entry (the username tried, never the password) commit together.
      withTx(this.db, (tx) => {
        const count = countFailure(tx, username, now);
        this.audit?.append(tx, { kind: 'auth.signInFailed', actor: found?.id ?? null, details: { username, for: checkFor, attempt: count, disabled: !!clerk && !clerk.active && ok, ...(signed === 'altered' ? { accountAltered: true } : {}) } });
      });
      throw new AppError(ErrorCode.BadCredentials, clerk && !clerk.active && ok ? 'This account is disabled.' : 'Wrong username or password.');
    }
    return this.rehashIfWeak(clerk, password);
  }

  /**
   * A hash made with a lower cost than today's (an account from before the cost was raised, or a central account the
   * server hashed so) is made again now that the password is known to be right. A central account's next pulled
   * change brings the server's hash back; that one is raised again at the following sign-in.
   */
  private async rehashIfWeak(clerk: ClerkWithHash, password: string): Promise<ClerkWithHash> {
    if (!needsRehash(clerk.passwordHash, this.passwordCost)) return clerk;
    try {
      const passwordHash = await hashPassword(password, this.passwordCost);
      // Only over the hash that was verified: a pull that replaced it meanwhile wins.
      const replaced = withTx(this.db, (tx) => updateClerkPasswordHash(tx, clerk.id, clerk.passwordHash, passwordHash));
      return replaced ? { ...clerk, passwordHash } : clerk;
    } catch (e) {
      // The clerk proved the password; a failed re-hash must not refuse the sign-in. The next one tries again.
      console.warn(`masa: re-hashing the password of ${clerk.username} failed: ${(e as Error).message}`);
      return clerk;
    }
  }

  async signIn(username: string, password: string): Promise<Session> {
    if (!this.isSetUp()) throw new AppError(ErrorCode.NotSetUp, 'Set up the desk first.');
    const clerk = await this.checkCredentials(username, password, 'signIn');
    this.signedIn(clerk, 'auth.signIn');
    this.current = clerk;
    this.locked = false;
    return this.publish();
  }

  /** A right password: the username's failures are forgotten, the session is active from now, and it is logged. */
  private signedIn(clerk: ClerkWithHash, kind: 'auth.signIn' | 'auth.unlock'): void {
    withTx(this.db, (tx) => {
      forgetFailures(tx, clerk.username);
      this.audit?.append(tx, { kind, actor: clerk.id });
    });
    this.activeSession().activeAt = this.clock.now().getTime();
  }

  signOut(): Session {
    const clerk = this.current;
    if (clerk) withTx(this.db, (tx) => this.audit?.append(tx, { kind: 'auth.signOut', actor: clerk.id }));
    this.current = null;
    this.locked = false;
    return this.publish();
  }

  lock(reason: 'clerk' | 'idle' = 'clerk'): Session {
    const clerk = this.current;
    if (clerk && !this.locked) withTx(this.db, (tx) => this.audit?.append(tx, { kind: 'auth.lock', actor: clerk.id, details: { reason } }));
    if (clerk) this.locked = true;
    return this.publish();
  }

  async unlock(password: string): Promise<Session> {
    const clerk = this.current;
    if (!clerk) throw new AppError(ErrorCode.Unauthenticated, 'Nobody is signed in.');
    await this.checkCredentials(clerk.username, password, 'unlock');
    this.signedIn(clerk, 'auth.unlock');
    this.locked = false;
    return this.publish();
  }

  /**
   * The idle lock, enforced here and not only on screen (issue 10, hole 6): a window's call (the dispatcher asks
   * first) after the idle period, plus IDLE_GRACE_MS, finds the session locked, and it stays so until unlocked.
   * The CLI and in-process callers are not windows: their one-shot commands have no screen to walk away from.
   */
  expireIfIdle(): void {
    const s = this.activeSession();
    if (!s.clerk || s.locked || s.activeAt === undefined) return;
    if (this.clock.now().getTime() - s.activeAt > this.idleLockMinutes() * 60_000 + IDLE_GRACE_MS) this.lock('idle');
  }

  /** A window's call by a signed-in, unlocked clerk (or its input heartbeat) restarts the idle period. */
  touch(): void {
    const s = this.activeSession();
    if (s.clerk && !s.locked) s.activeAt = this.clock.now().getTime();
  }

  setLanguage(language: Language): Session {
    const clerk = this.requireClerk();
    withTx(this.db, (tx) => updateClerkLanguage(tx, clerk.id, language));
    this.current = { ...clerk, language };
    return this.publish();
  }

  setIdleLock(minutes: number): Session {
    const supervisor = this.requireSupervisor();
    withTx(this.db, (tx) => {
      setSetting(tx, 'idleLockMinutes', minutes);
      this.audit?.append(tx, { kind: 'settings.update', actor: supervisor.id, details: { name: 'idleLockMinutes', value: minutes } });
    });
    return this.publish();
  }

  /** The signed-in, unlocked clerk, or an error the renderer turns into the sign-in / lock screen. */
  requireClerk(): ClerkWithHash {
    if (!this.current) throw new AppError(ErrorCode.Unauthenticated, 'Sign in first.');
    if (this.locked) throw new AppError(ErrorCode.Locked, 'The screen is locked.');
    return this.current;
  }

  requireSupervisor(): ClerkWithHash {
    const c = this.requireClerk();
    if (c.role !== 'supervisor') throw new AppError(ErrorCode.Forbidden, 'Only a supervisor can do this.');
    return c;
  }

  requireRole(role: Role | 'public'): void {
    if (role === 'clerk') this.requireClerk();
    else if (role === 'supervisor') this.requireSupervisor();
  }

  /** A supervisor enters their credentials at the clerk's desk to approve one override. */
  async approve(input: { username: string; password: string; reason: string; action: string }): Promise<Approval> {
    const clerk = this.requireClerk();
    // Who asked, who was asked, for what and why: logged whether granted or refused.
    const asked = { action: input.action, reason: input.reason, requestedBy: clerk.id };
    const refuse = (why: string, by: string | null) =>
      withTx(this.db, (tx) => this.audit?.append(tx, { kind: 'approval.refused', actor: by, details: { ...asked, username: input.username, why } }));
    let supervisor: ClerkWithHash;
    try {
      supervisor = await this.checkCredentials(input.username, input.password, 'approval');
    } catch (e) {
      refuse('credentials', null);
      throw e;
    }
    if (supervisor.role !== 'supervisor') {
      refuse('not-supervisor', supervisor.id);
      throw new AppError(ErrorCode.Forbidden, `${supervisor.displayName} is not a supervisor.`);
    }
    // Four eyes: a supervisor working the desk asks another supervisor, never approves her own override.
    if (supervisor.id === clerk.id) {
      refuse('own-request', supervisor.id);
      throw new AppError(ErrorCode.ApproverIsRequester, 'A second person must approve: the signed-in clerk cannot approve her or his own request.', { fields: { username: ErrorCode.ApproverIsRequester } });
    }
    const id = uuidv7();
    withTx(this.db, (tx) => {
      insertApproval(tx, { id, supervisorId: supervisor.id, clerkId: clerk.id, action: input.action, reason: input.reason, createdAt: this.clock.now().toISOString() });
      this.audit?.append(tx, { kind: 'approval.granted', actor: supervisor.id, details: { ...asked, approvalId: id, approvedBy: supervisor.id } });
    });
    return { approvalId: id, supervisorId: supervisor.id, supervisorName: supervisor.displayName };
  }

  /**
   * Checks that an approval exists for this clerk and action, is fresh and unused, and marks it used.
   * Runs in the transaction that stores the approved operation. Returns the stored reason and who approved (id and
   * name, for the audit record kept with the visit or operation).
   */
  consumeApproval(tx: WritableDb, approvalId: string, action: string): { reason: string; supervisorId: string; supervisorName: string } {
    const clerk = this.requireClerk();
    const a = findApproval(tx, approvalId);
    const now = this.clock.now();
    if (!a || a.clerk_id !== clerk.id || a.action !== action) throw new AppError(ErrorCode.ApprovalRequired, 'A supervisor must approve this.');
    if (now.getTime() - Date.parse(a.created_at) > APPROVAL_VALID_MS) throw new AppError(ErrorCode.ApprovalRequired, 'The approval has expired; ask the supervisor again.');
    if (!markApprovalUsed(tx, approvalId, now.toISOString())) throw new AppError(ErrorCode.ApprovalRequired, 'This approval was already used.');
    // The override itself: the approval is spent on what the clerk does now, in that transaction.
    this.audit?.append(tx, { kind: 'approval.used', actor: clerk.id, details: { approvalId, action, approvedBy: a.supervisor_id } });
    return { reason: a.reason, supervisorId: a.supervisor_id, supervisorName: findClerkById(tx, a.supervisor_id)?.displayName ?? '' };
  }

  listClerks(): Clerk[] {
    this.requireSupervisor();
    return listClerks(this.db).map(publicClerk);
  }

  async addClerk(input: { username: string; displayName: string; password: string; role: Role; language: Language }): Promise<Clerk> {
    const supervisor = this.requireSupervisor();
    if (findClerkByUsername(this.db, input.username)) {
      throw new AppError(ErrorCode.Conflict, `The username ${input.username} is taken.`, { fields: { username: 'USERNAME_TAKEN' } });
    }
    const passwordHash = await hashPassword(input.password, this.passwordCost);
    const id = uuidv7();
    withTx(this.db, (tx) => {
      insertClerk(tx, { id, ...input, passwordHash, createdAt: this.clock.now().toISOString() });
      this.audit?.append(tx, { kind: 'clerk.add', actor: supervisor.id, details: { clerkId: id, username: input.username, role: input.role } });
    });
    return publicClerk(findClerkById(this.db, id)!);
  }

  setClerkActive(id: string, active: boolean): Clerk {
    const me = this.requireSupervisor();
    if (id === me.id && !active) throw new AppError(ErrorCode.RuleViolation, 'You cannot disable your own account.');
    const c = findClerkById(this.db, id);
    if (!c) throw new AppError(ErrorCode.NotFound, 'No such clerk.');
    withTx(this.db, (tx) => {
      updateClerkActive(tx, id, active);
      this.audit?.append(tx, { kind: 'clerk.setActive', actor: me.id, details: { clerkId: id, active } });
    });
    return publicClerk({ ...c, active });
  }

  /**
   * Applies one pulled `clerks` change inside the sync transaction. A central account never overrides an account
   * made at this desk with the same username (that row is skipped and logged); a deletion deactivates the account
   * (visits keep referring to it) and signs it out if it is the one at the desk.
   */
  applyCentralClerk(tx: WritableDb, change: Change): 'applied' | 'skipped' {
    const id = String((change.row as { id?: unknown } | null)?.id ?? change.key);
    if (change.op === 'delete' || !change.row) {
      deactivateCentralClerk(tx, id);
      // Signed out wherever that clerk is signed in (each session hears of it on its own connection).
      for (const s of this.sessions) if (s.clerk?.id === id) this.inSession(s, () => this.signOut());
      return 'applied';
    }
    if (!acceptsClerkRow(tx, change.row as Record<string, unknown>)) {
      console.warn(`masa: central clerk ${change.key} skipped: not signed by the server this desk enrolled with`);
      return 'skipped';
    }
    const parsed = centralClerkRowSchema.safeParse(change.row);
    if (!parsed.success) {
      console.warn(`masa: central clerk ${change.key} skipped: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')} invalid`);
      return 'skipped';
    }
    const row = parsed.data;
    const sameName = findClerkByUsername(tx, row.username);
    if (sameName && sameName.id !== id && clerkOrigin(tx, sameName.id) === 'local') {
      console.warn(`masa: central clerk ${row.username} skipped: a local account has that username`);
      return 'skipped';
    }
    upsertCentralClerk(tx, { id, ...row, createdAt: this.clock.now().toISOString() });
    for (const s of this.sessions) {
      if (s.clerk?.id !== id) continue;
      if (!row.active) this.inSession(s, () => this.signOut());
      else s.clerk = findClerkById(tx, id);
    }
    return 'applied';
  }

  private publish(): Session {
    const s = this.session();
    this.bus.emit('auth:session', s);
    return s;
  }
}
