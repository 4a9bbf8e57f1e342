// idcard:readChip through the real dispatcher: contract validation of input and output, access control,
// progress events that pass the contract, and typed errors as payloads the renderer can translate.
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../common/errors';
import { IdChipReader } from '../../electron/main/cards/icao/id-reader';
import { createDispatcher } from '../../electron/main/ipc/dispatcher';
import { idcardHandlers } from '../../electron/main/ipc/handlers/idcard';
import { EventBus } from '../../electron/main/services/event-bus';
import { ChipReads } from '../../electron/main/services/chip-reads';
import { FACE_JP2, inProcessCard, virtualIdCard } from '../fixtures/vcards/emrtd-harness';
import { makeTd1, randomTd1Data } from '../fixtures/vcards/emrtd-mrz';

const clerkGate = { requireRole: () => {} };
const clerk = { requireClerk: () => ({ id: 'clerk-1' }) };
const clock = { now: () => new Date() };

async function setup(options: Parameters<typeof virtualIdCard>[1] = {}) {
  const data = randomTd1Data();
  const mrz = makeTd1(data);
  const card = inProcessCard(await virtualIdCard(mrz, options));
  const bus = new EventBus();
  const events: { name: string; payload: unknown }[] = [];
  bus.subscribe((name, payload) => events.push({ name, payload }));
  const dispatch = createDispatcher(idcardHandlers({ idChip: new ChipReads(clerk, clock, new IdChipReader({ withCard: card.withCard })), bus }), clerkGate);
  return { data, mrz, dispatch, events };
}

describe('idcard:readChip over IPC', () => {
  it('returns a contract-valid result and streams DG2 progress events', async () => {
    const { data, mrz, dispatch, events } = await setup();
    const result = await dispatch('idcard:readChip', { mrz }, { origin: 'in-process' });
    expect(result.ok).toBe(true);
    const value = (result as { ok: true; value: { chip: { documentNumber: string }; photo: { displayable: boolean } } }).value;
    expect(value.chip.documentNumber).toBe(data.documentNumber);
    expect(value.photo.displayable).toBe(true);
    const dg2 = events.filter((e) => e.name === 'idcard:progress' && (e.payload as { file?: string }).file === 'DG2');
    expect(dg2.length).toBeGreaterThan(3);
  });

  it('carries a JPEG 2000 face through the contract as the PNG main decoded, its source format noted', async () => {
    const { mrz, dispatch } = await setup({ face: { image: FACE_JP2, type: 'jpeg2000' } });
    const result = await dispatch('idcard:readChip', { mrz }, { origin: 'in-process' });
    expect(result).toMatchObject({ ok: true, value: { photo: { displayable: true, mime: 'image/png', sourceMime: 'image/jp2', width: 240, height: 320 } } });
  });

  it('answers a wrong MRZ with CARD_ACCESS_DENIED and bad input with field errors', async () => {
    const { data, dispatch } = await setup();
    const denied = await dispatch('idcard:readChip', { documentNumber: data.documentNumber, birthDate: data.birthDate, expiryDate: '311231' }, { origin: 'in-process' });
    expect(denied).toMatchObject({ ok: false, error: { code: ErrorCode.CardAccessDenied } });
    const invalid = await dispatch('idcard:readChip', { documentNumber: 'X', birthDate: '1990-01-01', expiryDate: '301231' }, { origin: 'in-process' });
    expect(invalid).toMatchObject({ ok: false, error: { code: ErrorCode.InvalidInput } });
  });
});
