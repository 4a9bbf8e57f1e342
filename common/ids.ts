// UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Time-ordered, so ids made on a desk sort
// in creation order and index well; made on the desk itself so operations have an identity while offline.
let lastMs = 0;
let lastSeq = 0;

export function uuidv7(now: number = Date.now()): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  // Monotonic within one process: same millisecond → bump a 12-bit counter in rand_a.
  if (now <= lastMs) {
    now = lastMs;
    lastSeq = (lastSeq + 1) & 0xfff;
    if (lastSeq === 0) now = ++lastMs;
  } else {
    lastSeq = ((bytes[6] & 0x0f) << 8) | bytes[7];
    lastSeq &= 0x7ff; // leave headroom for increments
  }
  lastMs = now;
  bytes[0] = Math.floor(now / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(now / 2 ** 32) & 0xff;
  bytes[2] = (now >>> 24) & 0xff;
  bytes[3] = (now >>> 16) & 0xff;
  bytes[4] = (now >>> 8) & 0xff;
  bytes[5] = now & 0xff;
  bytes[6] = 0x70 | ((lastSeq >>> 8) & 0x0f);
  bytes[7] = lastSeq & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const h = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);
}
