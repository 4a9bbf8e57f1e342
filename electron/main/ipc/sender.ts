// Which frames may call the main process: only the top frame of our own window, showing our own renderer.
// A page that somehow navigated elsewhere, or an embedded frame, gets nothing.
export interface SenderInfo {
  url: string;
  isMainFrame: boolean;
}

export function isTrustedSender(sender: SenderInfo | null | undefined, rendererUrl: string): boolean {
  if (!sender || !sender.isMainFrame) return false;
  let actual: URL;
  let expected: URL;
  try {
    actual = new URL(sender.url);
    expected = new URL(rendererUrl);
  } catch {
    return false;
  }
  if (expected.protocol === 'file:') return actual.protocol === 'file:' && actual.pathname === expected.pathname;
  // A custom scheme (app://masa) has an opaque origin in Node's URL ("null" for every such URL, whatever its
  // scheme or host), so compare what makes the origin in Chromium, where the scheme is registered as standard.
  if (expected.origin === 'null') {
    return actual.protocol === expected.protocol && actual.host === expected.host && actual.host !== '';
  }
  return actual.origin === expected.origin;
}
