import { z } from 'zod';
import { channel, type ChannelMap, type EventMap } from '../define';
import { languages } from '../../i18n/languages';
import { cardKindSchema } from './cards';

export const languageSchema = z.enum(languages);

export const roleSchema = z.enum(['clerk', 'supervisor']);
export type Role = z.infer<typeof roleSchema>;

export const clerkSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  language: languageSchema,
  active: z.boolean(),
});
export type Clerk = z.infer<typeof clerkSchema>;

export const sessionSchema = z.object({
  clerk: clerkSchema.nullable(),
  locked: z.boolean(),
  idleLockMinutes: z.number(),
});
export type Session = z.infer<typeof sessionSchema>;

export const appStateSchema = z.object({
  version: z.string(),
  setUp: z.boolean(),
  office: z.string().nullable(),
  desk: z.string().nullable(),
  defaultLanguage: languageSchema,
  session: sessionSchema,
  host: z.enum(['electron', 'browser']),
});
export type AppState = z.infer<typeof appStateSchema>;

const username = z.string().trim().min(2).max(40).regex(/^[a-z0-9._-]+$/i, 'USERNAME_FORMAT');
const password = z.string().min(8, 'PASSWORD_TOO_SHORT').max(200);

export const statusSchema = z.object({
  cardService: z.enum(['running', 'not-running', 'unavailable']),
  readers: z.number(),
  /** The kind of each card present (from its ATR, its answers or the desk's named reader), for the status bar. */
  cardKinds: z.array(z.object({ reader: z.string(), kind: cardKindSchema })).default([]),
  sync: z.object({
    state: z.enum(['not-configured', 'idle', 'syncing', 'offline', 'error']),
    pending: z.number(),
    lastSuccessAt: z.string().nullable(),
    error: z.string().nullable(),
    /** Open conflicts (the server did not accept an operation), per clerk who did it: they and supervisors are told. */
    conflicts: z.object({ total: z.number(), byClerk: z.record(z.string(), z.number()) }).default({ total: 0, byClerk: {} }),
  }),
});
export type DeskStatus = z.infer<typeof statusSchema>;

export const appChannels = {
  'app:state': channel('public', z.void(), appStateSchema),
  /** The status bar's facts now; afterwards the `app:status` event keeps them current. */
  'app:deskStatus': channel('public', z.void(), statusSchema),
  'app:setup': channel(
    'public',
    z.object({
      office: z.string().trim().min(2).max(100),
      desk: z.string().trim().min(1).max(60),
      adminUsername: username,
      adminDisplayName: z.string().trim().min(2).max(100),
      adminPassword: password,
      language: languageSchema,
    }),
    appStateSchema,
  ),
  'auth:signIn': channel('public', z.object({ username: z.string().min(1).max(40), password: z.string().min(1).max(200) }), sessionSchema),
  'auth:signOut': channel('public', z.void(), sessionSchema),
  'auth:lock': channel('clerk', z.void(), sessionSchema),
  'auth:unlock': channel('public', z.object({ password: z.string().min(1).max(200) }), sessionSchema),
  /** The screen saw input: main's idle lock counts from the last of these (or of any other call). Sent at most every 15 s. */
  'auth:activity': channel('clerk', z.void(), sessionSchema),
  'auth:setLanguage': channel('clerk', z.object({ language: languageSchema }), sessionSchema),
  /** A supervisor confirms an override at the clerk's desk without signing the clerk out. */
  'auth:approve': channel(
    'clerk',
    z.object({ username: z.string().min(1).max(40), password: z.string().min(1).max(200), reason: z.string().trim().min(3).max(500), action: z.string().min(1).max(100) }),
    z.object({ approvalId: z.string(), supervisorId: z.string(), supervisorName: z.string() }),
  ),
  'clerks:list': channel('supervisor', z.void(), z.array(clerkSchema)),
  'clerks:add': channel(
    'supervisor',
    z.object({ username, displayName: z.string().trim().min(2).max(100), password, role: roleSchema, language: languageSchema }),
    clerkSchema,
  ),
  'clerks:setActive': channel('supervisor', z.object({ id: z.string(), active: z.boolean() }), clerkSchema),
  'settings:setIdleLock': channel('supervisor', z.object({ minutes: z.number().int().min(1).max(240) }), sessionSchema),
} satisfies ChannelMap;


export const appEvents = {
  'app:status': statusSchema,
  'auth:session': sessionSchema,
} satisfies EventMap;
