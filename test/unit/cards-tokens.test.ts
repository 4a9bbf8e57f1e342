import { describe, expect, it } from 'vitest';
import { pinStateFromFlags, pukStateFromFlags } from '../../electron/main/cards/tokens';

// PKCS#11 v2.40 CK_TOKEN_INFO flag values (SoftHSM never sets the lockout ones, real tokens do).
const INITIALIZED = 0x8;
const COUNT_LOW = 0x10000;
const FINAL_TRY = 0x20000;
const LOCKED = 0x40000;
const TO_BE_CHANGED = 0x80000;

const SO_COUNT_LOW = 0x100000;
const SO_FINAL_TRY = 0x200000;
const SO_LOCKED = 0x400000;

// One vocabulary for every token (common/ipc/channels/cards.ts): PKCS#11 flags give no counts, so a final try is
// one try left and a lock none; count low is "low" with the count unknown.
describe('token PIN state from token flags', () => {
  it('maps count low / final try / locked, the most severe winning', () => {
    expect(pinStateFromFlags(INITIALIZED)).toEqual({ state: 'ok', triesLeft: null, maxTries: null, mustChange: false });
    expect(pinStateFromFlags(INITIALIZED | COUNT_LOW)).toMatchObject({ state: 'low', triesLeft: null });
    expect(pinStateFromFlags(INITIALIZED | COUNT_LOW | FINAL_TRY)).toMatchObject({ state: 'low', triesLeft: 1 });
    expect(pinStateFromFlags(INITIALIZED | COUNT_LOW | FINAL_TRY | LOCKED)).toMatchObject({ state: 'blocked', triesLeft: 0 });
    expect(pinStateFromFlags(0).state).toBe('unset');
    expect(pinStateFromFlags(INITIALIZED | TO_BE_CHANGED)).toEqual({ state: 'ok', triesLeft: null, maxTries: null, mustChange: true });
  });

  it('reads the PUK (SO PIN) state from its own flags', () => {
    expect(pukStateFromFlags(INITIALIZED | LOCKED)).toEqual({ state: 'ok', triesLeft: null, maxTries: null });
    expect(pukStateFromFlags(INITIALIZED | SO_COUNT_LOW)).toMatchObject({ state: 'low', triesLeft: null });
    expect(pukStateFromFlags(INITIALIZED | SO_FINAL_TRY)).toMatchObject({ state: 'low', triesLeft: 1 });
    expect(pukStateFromFlags(INITIALIZED | SO_LOCKED)).toMatchObject({ state: 'blocked', triesLeft: 0 });
  });
});
