// Another desk of the central office, played by the test through the sync protocol itself (common/sync/client.ts):
// enrolled with a one-time code, it pushes what a real desk would — here, a phone's IMEI registered first, so that
// the desk under test later registers the same IMEI and the server holds its operation as a conflict.
import { expect } from '@playwright/test';
import { SyncClient } from '../../../common/sync/client';
import { uuidv7 } from '../../../common/ids';

export async function registerImeiElsewhere(serverUrl: string, code: string, imei: string, deskName = 'Masa 9'): Promise<void> {
  const enrolled = await new SyncClient(serverUrl).enrol(code, deskName);
  const desk = new SyncClient(serverUrl, { deskId: enrolled.deskId, privateKey: enrolled.privateKey });
  const id = uuidv7();
  const fin = '7QW3R5T';
  // The payload as a desk sends it, written out: common/operations loads its JSON reference files, which
  // Playwright's loader cannot import.
  const payload = {
    operationId: id, visitId: uuidv7(), clerkId: 'clerk-1', feeMinor: 1000, noticeCode: 'IM20261202000091', fin, document: 'AA7654321',
    imei, imei2: null, msisdn: '+994551234567', securityCode: '4471', devicePriceMinor: 44900, priceBand: 'band-2', paymentType: 'cash',
  };
  const r = await desk.push([{ id, seq: 1, kind: 'imei.register', subject: `fin:${fin}`, createdAt: new Date().toISOString(), payload }]);
  expect(r.acks.map((a) => a.status)).toEqual(['applied']);
}
