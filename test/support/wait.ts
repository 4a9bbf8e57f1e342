// Waiting for a condition instead of sleeping: a test that waits for what it needs fails when it never happens,
// and does not slow down when it happens at once.

/** Polls until `check` is true, at most `timeoutMs` (bounded loops only); throws naming `what` otherwise. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
