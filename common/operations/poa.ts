// Powers of attorney (DOMAIN.md §3, §6): registered on the trustee's visit, revoked by the principal or the trustee.
import { z } from 'zod';
import { defineOperation, id, isoDate, operationInputBase, scanSchema } from './define';

const page = { key: 'poa', path: 'poa', letter: 'p' };

export const poaPrincipalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('person'), fin: z.string().trim().toUpperCase(), name: z.string().trim().min(2).max(160) }),
  z.object({
    kind: z.literal('legal-entity'),
    voen: z.string().trim(),
    name: z.string().trim().min(2).max(200),
    representative: z.object({ name: z.string().trim().min(2).max(160), position: z.string().trim().max(120).default('') }),
  }),
]);

/** A registered POA as screens see it. `scope` holds delegable kinds (checked when it is registered). */
export const poaSchema = z.object({
  id: z.string(),
  visitId: z.string(),
  principal: poaPrincipalSchema,
  /** Subject key of the principal ('fin:…' / 'voen:…'). */
  principalKey: z.string(),
  trusteeKey: z.string(),
  trusteeName: z.string(),
  notaryRegistryNumber: z.string(),
  notaryDate: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  scope: z.array(z.string()),
  letter: z.object({ confirmedSignedSealed: z.boolean(), sha256: z.string(), mime: z.string(), size: z.number() }).nullable(),
  status: z.enum(['valid', 'expired', 'not-yet-valid', 'revoked']),
  revokedAt: z.string().nullable(),
  revokedReason: z.string().nullable(),
  createdAt: z.string(),
});
export type PowerOfAttorney = z.infer<typeof poaSchema>;

/** A POA as the server records it centrally (pulled by the office's desks, returned by a look-up): no desk's visit, status or scan. */
export const centralPoaSchema = poaSchema
  .pick({ id: true, principal: true, principalKey: true, trusteeKey: true, trusteeName: true, notaryRegistryNumber: true, notaryDate: true, validFrom: true, validTo: true, scope: true, createdAt: true })
  .extend({ letterSha256: z.string().nullable() });

export const poaCreate = defineOperation({
  kind: 'poa.create',
  channel: 'poa:create',
  input: z.object({
    visitId: operationInputBase.visitId,
    offlineApprovalId: operationInputBase.offlineApprovalId,
    principal: poaPrincipalSchema,
    /** As named on the document; must be the person identified on this visit. */
    trustee: z.object({ fin: z.string().trim().toUpperCase().optional(), passportNumber: z.string().trim().toUpperCase().optional() }),
    notaryRegistryNumber: z.string().trim().min(1).max(60),
    notaryDate: isoDate,
    validFrom: isoDate,
    validTo: isoDate,
    /** Delegable kinds (operations.ts `delegableKinds`); anything else is refused field by field. */
    scope: z.array(z.string().max(64)).min(1, 'POA_SCOPE_EMPTY').max(40),
    letter: z.object({ confirmedSignedSealed: z.boolean(), scan: scanSchema }).optional(),
  }),
  output: { poa: poaSchema },
  payload: z.object({
    poaId: z.string().min(1).max(64),
    principal: poaPrincipalSchema,
    trusteeFin: z.string().nullable(),
    /** The trustee's person key and name as identified on the visit: what other desks match the trustee by. */
    trusteeKey: z.string().min(1).max(80),
    trusteeName: z.string().min(1).max(200),
    notaryRegistryNumber: z.string(),
    notaryDate: isoDate,
    validFrom: isoDate,
    validTo: isoDate,
    scope: z.array(z.string()).min(1),
    letterSha256: z.string().nullable(),
    /** The last day a desk may use it (= validTo): what central checks of its use compare against. */
    validUntil: isoDate,
  }),
  syncOnly: ['validUntil'],
  delegable: false,
  approvals: [],
  fees: ['poa.register'],
  shown: ['validTo'],
  printed: ['validFrom', 'validTo', 'notaryRegistryNumber', 'notaryDate'],
  offline: 'within-limits',
  page,
  example: {
    poaId: '0190c0de-0000-7000-8000-000000000001',
    principal: { kind: 'person', fin: '5ABCDE1', name: 'Məmmədova Leyla' },
    trusteeFin: '6FGHJK2',
    trusteeKey: 'fin:6FGHJK2',
    trusteeName: 'QASIMOV ELNUR',
    notaryRegistryNumber: 'N-2026/001',
    notaryDate: '2026-11-30',
    validFrom: '2026-12-01',
    validTo: '2027-11-30',
    scope: ['sim.duplicate'],
    letterSha256: null,
    validUntil: '2027-11-30',
  },
});

export const poaRevoke = defineOperation({
  kind: 'poa.revoke',
  channel: 'poa:revoke',
  input: z.object({
    visitId: operationInputBase.visitId,
    offlineApprovalId: operationInputBase.offlineApprovalId,
    poaId: id,
    reason: z.string().trim().min(3).max(500),
  }),
  output: { poa: poaSchema },
  /** Becomes a central revocation every desk pulls. */
  payload: z.object({ poaId: z.string().min(1).max(64), reason: z.string().max(500) }),
  delegable: false,
  approvals: [],
  fees: [],
  shown: ['reason'],
  printed: ['reason'],
  // A revocation only reduces risk: it is never held back by the offline limits.
  offline: 'always',
  page,
  example: { poaId: '0190c0de-0000-7000-8000-000000000001', reason: 'lost by the trustee' },
});
