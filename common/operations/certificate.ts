// Asan İmza certificates at ASXM (DOMAIN.md §3): issue onto a SIM read from the card, re-issue after a SIM duplicate,
// renewal inside the window (earlier with a supervisor), type change only after the period.
import { z } from 'zod';
import { certHolders, certTypes, documentCodes } from '../domain/reference';
import { defineOperation, FlowApproval, iccid, id, isoDate, msisdn, msisdnInput, operationInputBase, scanSchema, simSourceSchema } from './define';

const page = { key: 'certificate', path: 'certificate', letter: 'c' };
const iccidSource = z.enum(['card', 'typed']);

export const certificateSchema = z.object({
  id: z.string(),
  subject: z.string(),
  holderName: z.string(),
  type: z.enum(certTypes),
  msisdn: z.string(),
  iccid: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  status: z.enum(['active', 'needs-reissue', 'replaced', 'renewed', 'revoked']),
  daysLeft: z.number(),
  /** 'not-yet': before the online window; 'online-window': renewable online or here; 'in-person': expired, desk only. */
  renewal: z.enum(['not-yet', 'online-window', 'in-person', 'not-applicable']),
  /** First day a type change is allowed. */
  typeChangeFrom: z.string(),
  issuedAt: z.string(),
});
export type Certificate = z.infer<typeof certificateSchema>;

export const certDocumentsSchema = z
  .object({
    voen: z.string().trim().optional(),
    /** Legal entity: the letter of request on letterhead, signed and sealed (confirmed by the clerk), with its scan. */
    companyLetter: z.object({ confirmedSignedSealed: z.boolean(), scan: scanSchema.optional() }).optional(),
    /** Employee (Biznes/Dövlət): the employer's form signed and stamped by the director. */
    employerForm: z.object({ organisation: z.string().trim().min(2).max(200), confirmedSignedStamped: z.boolean() }).optional(),
  })
  .default({});

/** What the three certificate kinds declare alike: the screen, the output, the fields at a glance and on paper. */
const family = {
  output: { certificate: certificateSchema },
  delegable: true,
  shown: ['msisdn', 'certType', 'iccid', 'validTo'],
  printed: ['msisdn', 'iccid', 'certType', 'validFrom', 'validTo'],
  coded: { certType: 'certTypes' },
  offline: 'within-limits',
  page,
} as const;

export const certIssue = defineOperation({
  kind: 'cert.issue',
  channel: 'cert:issue',
  input: z.object({
    ...operationInputBase,
    certType: z.enum(certTypes),
    holder: z.enum(certHolders),
    msisdn: msisdnInput,
    sim: simSourceSchema,
    documents: certDocumentsSchema,
    /** Type change before the period ends needs FlowApproval.EarlyTypeChange. */
    approvalId: id.optional(),
  }),
  /** Binds iccid to the subject centrally. */
  payload: z.object({
    certificateId: z.string().min(1).max(64),
    /** As the certificate names its holder (the customer, or the principal of a POA). */
    holderName: z.string().min(1).max(200),
    certType: z.enum(certTypes),
    holder: z.enum(certHolders),
    msisdn,
    iccid,
    iccidSource,
    validFrom: isoDate,
    validTo: isoDate,
    documents: z.array(z.enum(documentCodes)),
    voen: z.string().optional(),
    companyLetterSha256: z.string().optional(),
    companyLetter: z.object({ confirmedSignedSealed: z.literal(true), scanBytes: z.number().int().min(0) }).optional(),
    employerForm: z.object({ organisation: z.string() }).optional(),
  }),
  ...family,
  approvals: [FlowApproval.TypedIccid, FlowApproval.EarlyTypeChange],
  fees: ['cert.issue.{certType}'],
  example: {
    certificateId: '0190c0de-0000-7000-8000-0000000000c1',
    holderName: 'MAMMADOVA LEYLA',
    certType: 'ferdi',
    holder: 'self',
    msisdn: '+994551234567',
    iccid: '8999401000000000318',
    iccidSource: 'card',
    validFrom: '2026-12-01',
    validTo: '2029-11-30',
    documents: ['id-card'],
  },
});

const replacement = {
  certificateId: z.string().min(1).max(64),
  holderName: z.string().min(1).max(200),
  /** The certificate this one replaces. */
  replaces: z.string().min(1).max(64),
  certType: z.enum(certTypes),
  msisdn,
  iccid,
  validFrom: isoDate,
  validTo: isoDate,
};
const replacementExample = {
  certificateId: '0190c0de-0000-7000-8000-0000000000c2',
  holderName: 'MAMMADOVA LEYLA',
  replaces: '0190c0de-0000-7000-8000-0000000000c1',
  certType: 'ferdi' as const,
  msisdn: '+994551234567',
  iccid: '8999401000000000318',
  validFrom: '2026-12-01',
  validTo: '2029-11-30',
};

export const certReissue = defineOperation({
  kind: 'cert.reissue',
  channel: 'cert:reissue',
  input: z.object({ ...operationInputBase, certificateId: id, sim: simSourceSchema }),
  payload: z.object({ ...replacement, iccidSource }),
  ...family,
  approvals: [FlowApproval.TypedIccid],
  fees: ['cert.reissue'],
  example: { ...replacementExample, iccidSource: 'card' },
});

export const certRenew = defineOperation({
  kind: 'cert.renew',
  channel: 'cert:renew',
  input: z.object({ ...operationInputBase, certificateId: id, /** Before the window: FlowApproval.EarlyRenewal. */ approvalId: id.optional() }),
  /** `path`: renewed before the online window (with approval), inside it, or after expiry (in person). */
  payload: z.object({ ...replacement, path: z.enum(['not-yet', 'online-window', 'in-person']) }),
  ...family,
  approvals: [FlowApproval.EarlyRenewal],
  fees: ['cert.renew'],
  example: { ...replacementExample, path: 'online-window' },
});
