// Asan İmza SIMs at an operator office (DOMAIN.md §3, §6): a new SIM sold, or a duplicate keeping the number.
import { z } from 'zod';
import { certTypes } from '../domain/reference';
import { defineOperation, FlowApproval, iccid, msisdn, msisdnInput, operationInputBase, simSourceSchema } from './define';

export const simDuplicateReasons = ['lost', 'damaged', 'puk-blocked', 'esim-change'] as const;
/** How the ICCID reached the desk: read from the card in the reader, or typed with a supervisor's approval. */
const iccidSource = z.enum(['card', 'typed']);

export const simDuplicate = defineOperation({
  kind: 'sim.duplicate',
  channel: 'sim:duplicate',
  input: z.object({
    ...operationInputBase,
    msisdn: msisdnInput,
    reason: z.enum(simDuplicateReasons),
    /** May be left empty when the SIM is lost: the customer no longer has it (the SIM on the number is retired). */
    oldIccid: z.string().trim().max(22),
    newSim: simSourceSchema,
  }),
  /** retiredIccid null: a lost SIM this desk does not know, retired centrally from the number. */
  output: { retiredIccid: z.string().nullable(), newIccid: z.string(), certificatesFlagged: z.number() },
  /** Binds newIccid to the subject, retires oldIccid (null: a lost SIM unknown to the desk; the server retires the SIM on the number). */
  payload: z.object({
    msisdn,
    reason: z.enum(simDuplicateReasons),
    oldIccid: iccid.nullable(),
    newIccid: iccid,
    iccidSource,
    operator: z.string().nullable(),
    certificatesFlagged: z.number().int().min(0),
  }),
  delegable: true,
  approvals: [FlowApproval.TypedIccid],
  fees: ['sim.duplicate'],
  shown: ['msisdn', 'oldIccid', 'newIccid', 'reason'],
  printed: ['msisdn', 'reason', 'oldIccid', 'newIccid'],
  coded: { reason: 'simReasons' },
  offline: 'within-limits',
  page: { key: 'simDuplicate', path: 'sim-duplicate', letter: 'd' },
  example: {
    msisdn: '+994551234567',
    reason: 'lost',
    oldIccid: '8999401000000000300',
    newIccid: '8999401000000000318',
    iccidSource: 'card',
    operator: 'Bakcell',
    certificatesFlagged: 0,
  },
});

export const simSell = defineOperation({
  kind: 'sim.sell',
  channel: 'sim:sell',
  input: z.object({
    ...operationInputBase,
    /** The number chosen for the customer. */
    msisdn: msisdnInput,
    /** The Asan İmza service type the SIM is sold for (its tariff, reference table `asan_tariffs`). */
    tariff: z.enum(certTypes),
    sim: simSourceSchema,
  }),
  output: { iccid: z.string(), msisdn: z.string() },
  /** Binds iccid ↔ msisdn ↔ the subject; the server refuses an ICCID or a number bound to someone else. */
  payload: z.object({ msisdn, iccid, iccidSource, operator: z.string().nullable(), tariff: z.enum(certTypes) }),
  delegable: true,
  approvals: [FlowApproval.TypedIccid],
  fees: ['sim.sell'],
  shown: ['msisdn', 'iccid', 'tariff'],
  printed: ['msisdn', 'iccid', 'tariff'],
  coded: { tariff: 'certTypes' },
  offline: 'within-limits',
  page: { key: 'simSale', path: 'sim-sale', letter: 'n' },
  example: { msisdn: '+994551234567', iccid: '8999401000000000102', iccidSource: 'card', operator: 'Bakcell', tariff: 'ferdi' },
});
