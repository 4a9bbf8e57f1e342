// e-İmza tokens and smart cards (DOMAIN.md §4): the user PIN unblocked with the PUK; a lost carrier reported for
// revocation. PUKs and PINs travel once to main and are never stored, logged or synced.
import { z } from 'zod';
import { defineOperation, isoDate, operationInputBase } from './define';
import { tokenStatusSchema } from './token-status';

const page = { key: 'token', path: 'token', letter: 't' };

export const tokenUnblock = defineOperation({
  kind: 'token.unblock',
  channel: 'token:unblock',
  input: z.object({ ...operationInputBase, reader: z.string().optional(), puk: z.string().min(4).max(16), newPin: z.string().min(4).max(16) }),
  output: { token: tokenStatusSchema },
  payload: z.object({ tokenSerial: z.string().nullable(), label: z.string().nullable(), pinState: z.string().max(40) }),
  delegable: true,
  approvals: [],
  fees: ['token.unblock'],
  shown: ['tokenSerial'],
  printed: ['tokenSerial'],
  offline: 'within-limits',
  page,
  example: { tokenSerial: 'T-0042', label: 'e-İmza', pinState: 'ok' },
});

export const tokenReportLost = defineOperation({
  kind: 'token.reportLost',
  channel: 'token:reportLost',
  input: z.object({
    ...operationInputBase,
    tokenSerial: z.string().trim().max(64).optional(),
    certificateSerials: z.array(z.string().trim().min(1).max(128)).max(20).default([]),
    lostAt: isoDate,
    circumstances: z.string().trim().max(500).default(''),
  }),
  output: {},
  payload: z.object({
    tokenSerial: z.string().nullable(),
    certificateSerials: z.array(z.string()),
    lostAt: isoDate,
    circumstances: z.string().max(500),
    reportedAt: z.string(),
  }),
  // Centrally it is a revocation request for the CA (DOMAIN.md §4: within hours).
  syncKind: 'token.revocationRequest',
  delegable: true,
  approvals: [],
  fees: ['token.reportLost'],
  shown: ['tokenSerial', 'lostAt'],
  printed: ['tokenSerial', 'lostAt'],
  // Reporting a lost carrier only reduces risk: never held back by the offline limits.
  offline: 'always',
  page,
  example: { tokenSerial: 'T-0042', certificateSerials: ['4F2A'], lostAt: '2026-11-30', circumstances: '', reportedAt: '2026-12-01T09:00:00.000Z' },
});
