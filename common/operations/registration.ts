// IMEI (device) registration and KÖMİS utility-payment registration (DOMAIN.md §5).
import { z } from 'zod';
import { languageSchema } from '../ipc/channels/app';
import { defineOperation, msisdn, msisdnInput, operationInputBase, pdfSchema } from './define';

const imeiDigits = z.string().regex(/^\d{15}$/, 'IMEI');

export const imeiRegister = defineOperation({
  kind: 'imei.register',
  channel: 'imei:register',
  input: z.object({
    ...operationInputBase,
    fin: z.string().trim().toUpperCase(),
    documentSeries: z.string().trim().toUpperCase().max(4),
    documentNumber: z.string().trim().max(12),
    imei: z.string().trim().max(20),
    /** Dual-SIM phones: the second IMEI is registered with the first and charged once. */
    imei2: z.string().trim().max(20).optional(),
    securityCode: z.string().trim().min(1).max(40),
    msisdn: msisdnInput,
    devicePriceMinor: z.number().int().min(0).max(100_000_000),
    paymentType: z.enum(['cash', 'card']),
  }),
  output: { noticeCode: z.string() },
  payload: z.object({
    noticeCode: z.string().min(1).max(40),
    fin: z.string().max(16),
    document: z.string().max(16),
    imei: imeiDigits,
    imei2: imeiDigits.nullable(),
    msisdn,
    /** For the registry only: synced, never kept in the journal, shown or printed again. */
    securityCode: z.string().min(1).max(40),
    devicePriceMinor: z.number().int().min(0),
    priceBand: z.string(),
    paymentType: z.enum(['cash', 'card']),
  }),
  syncOnly: ['securityCode'],
  delegable: true,
  approvals: [],
  fees: [],
  shown: ['msisdn', 'imei', 'imei2', 'noticeCode'],
  printed: ['msisdn', 'fin', 'document', 'imei', 'imei2', 'priceBand', 'paymentType', 'noticeCode'],
  coded: { paymentType: 'paymentTypes' },
  offline: 'within-limits',
  page: { key: 'imei', path: 'imei', letter: 'i' },
  example: {
    noticeCode: 'IM20261201000042',
    fin: '5ABCDE1',
    document: 'AA1234567',
    imei: '490154203237518',
    imei2: null,
    msisdn: '+994551234567',
    securityCode: 'X7-21',
    devicePriceMinor: 45000,
    priceBand: 'band-2',
    paymentType: 'cash',
  },
});

const utilityAccount = z.string().trim().max(30).optional();

export const komisRegister = defineOperation({
  kind: 'komis.register',
  channel: 'komis:register',
  input: z.object({
    ...operationInputBase,
    documentSeries: z.string().trim().toUpperCase().max(4),
    documentNumber: z.string().trim().max(12),
    accounts: z.object({ azeriqaz: utilityAccount, azersu: utilityAccount, azerenerji: utilityAccount, bakielektrik: utilityAccount }),
    language: languageSchema.optional(),
  }),
  /**
   * The one-time password exists only inside the returned registration sheet (a PDF); the desk keeps its scrypt
   * hash. Reprinting the sheet cannot show it again.
   */
  output: { subscriberCode: z.string(), sheet: pdfSchema },
  payload: z.object({
    subscriberCode: z.string().regex(/^\d{10}$/, 'SUBSCRIBER_CODE'),
    document: z.string().max(16),
    accounts: z.partialRecord(z.enum(['azeriqaz', 'azersu', 'azerenerji', 'bakielektrik']), z.string().max(30)),
  }),
  delegable: true,
  approvals: [],
  fees: ['komis.register'],
  shown: ['subscriberCode'],
  printed: ['document', 'subscriberCode'],
  offline: 'within-limits',
  page: { key: 'komis', path: 'komis', letter: 'k' },
  example: { subscriberCode: '5000000042', document: 'AA1234567', accounts: { azersu: 'AS-1234' } },
});
