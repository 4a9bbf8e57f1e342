import { describe, expect, it } from 'vitest';
import { pinStateFromFlags } from '../../electron/main/cards/tokens';

// PKCS#11 v2.40 CK_TOKEN_INFO flag values (SoftHSM never sets the lockout ones, real tokens do).
const INITIALIZED = 0x8;
const COUNT_LOW = 0x10000;
const FINAL_TRY = 0x20000;
const LOCKED = 0x40000;
const TO_BE_CHANGED = 0x80000;

describe('token PIN state from token flags', () => {
  it('maps count low / final try / locked, the most severe winning', () => {
    expect(pinStateFromFlags(INITIALIZED)).toEqual({ state: 'ok', mustChange: false });
    expect(pinStateFromFlags(INITIALIZED | COUNT_LOW).state).toBe('count-low');
    expect(pinStateFromFlags(INITIALIZED | COUNT_LOW | FINAL_TRY).state).toBe('final-try');
    expect(pinStateFromFlags(INITIALIZED | COUNT_LOW | FINAL_TRY | LOCKED).state).toBe('locked');
    expect(pinStateFromFlags(0).state).toBe('not-initialized');
    expect(pinStateFromFlags(INITIALIZED | TO_BE_CHANGED)).toEqual({ state: 'ok', mustChange: true });
  });
});
