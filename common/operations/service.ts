// The operator's Asan İmza service on a number (DOMAIN.md §3): activation, extension (by months), and fixing a
// wrongly activated type at an operator office.
import { z } from 'zod';
import { certTypes } from '../domain/reference';
import { defineOperation, isoDate, msisdn, msisdnInput, operationInputBase } from './define';

const page = { key: 'service', path: 'service', letter: 's' };

export const serviceSubscriptionSchema = z.object({
  msisdn: z.string(),
  certType: z.enum(certTypes),
  subject: z.string(),
  activatedAt: z.string(),
  paidUntil: z.string(),
});
const output = { subscription: serviceSubscriptionSchema };
/** Activation and extension declare alike (the activation fee and the months come from the tariff, not `fees`). */
const paid = {
  output,
  delegable: true,
  approvals: [],
  fees: [],
  shown: ['msisdn', 'certType', 'months', 'paidUntil'],
  printed: ['msisdn', 'certType', 'months', 'paidUntil'],
  coded: { certType: 'certTypes' },
  offline: 'within-limits',
  page,
} as const;
const months = z.number().int().min(1).max(36);

export const serviceActivate = defineOperation({
  kind: 'service.activate',
  channel: 'service:activate',
  input: z.object({ ...operationInputBase, msisdn: msisdnInput, certType: z.enum(certTypes), months }),
  payload: z.object({ msisdn, certType: z.enum(certTypes), months, paidUntil: isoDate, tariff: z.string() }),
  ...paid,
  example: { msisdn: '+994551234567', certType: 'biznes', months: 12, paidUntil: '2027-12-01', tariff: 'biznes' },
});

export const serviceExtend = defineOperation({
  kind: 'service.extend',
  channel: 'service:extend',
  input: z.object({ ...operationInputBase, msisdn: msisdnInput, months }),
  payload: z.object({ msisdn, certType: z.enum(certTypes), months, paidUntil: isoDate }),
  ...paid,
  example: { msisdn: '+994551234567', certType: 'biznes', months: 6, paidUntil: '2027-06-01' },
});

export const serviceCorrectType = defineOperation({
  kind: 'service.correctType',
  channel: 'service:correctType',
  input: z.object({ ...operationInputBase, msisdn: msisdnInput, certType: z.enum(certTypes), reason: z.string().trim().min(3).max(500) }),
  output,
  /** Not a type change: no fee (the operator's mistake). `reason` is the clerk's free text. */
  payload: z.object({ msisdn, from: z.enum(certTypes), to: z.enum(certTypes), reason: z.string().max(500) }),
  delegable: true,
  approvals: [],
  fees: [],
  shown: ['msisdn', 'reason'],
  printed: ['msisdn', 'reason', 'from', 'to'],
  coded: { from: 'certTypes', to: 'certTypes' },
  offline: 'within-limits',
  page,
  example: { msisdn: '+994551234567', from: 'ferdi', to: 'biznes', reason: 'activated as Fərdi by mistake' },
});
