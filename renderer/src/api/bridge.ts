// How the renderer reaches the main process. In Electron the preload exposes `window.masa`; in a plain browser
// (the browser host) the same calls travel over a loopback WebSocket, authorised by the HttpOnly session cookie the
// host set when this browser opened its one-time launch address (page script never sees a secret).
// Nothing else in the renderer knows which one is in use.
import type { Result } from '../../../common/errors';

export interface Bridge {
  invoke(channel: string, input?: unknown): Promise<Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** Connection state, for the "reconnecting" banner (always 'open' in Electron). */
  onConnection(listener: (state: 'open' | 'closed') => void): () => void;
}

declare global {
  interface Window {
    masa?: Pick<Bridge, 'invoke' | 'on'>;
  }
}

const NOT_LAUNCHED = 'Open Masa from its launcher: this browser has no session with the desk.';

class WebSocketBridge implements Bridge {
  private socket: WebSocket | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: Result<unknown>) => void; frame: string }>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();
  private readonly connectionListeners = new Set<(state: 'open' | 'closed') => void>();
  private retryMs = 250;
  private refused = false;

  constructor() {
    this.connect();
  }

  private connect(): void {
    const ws = new WebSocket(`ws://${window.location.host}/ipc`);
    this.socket = ws;
    ws.onopen = () => {
      this.retryMs = 250;
      for (const l of this.connectionListeners) l('open');
      // Calls made while disconnected are sent now; the main process treats each call independently.
      for (const p of this.pending.values()) ws.send(p.frame);
    };
    ws.onmessage = (e) => {
      const msg = JSON.parse(String(e.data)) as { type: string; id?: number; result?: Result<unknown>; name?: string; payload?: unknown };
      if (msg.type === 'result' && msg.id !== undefined) {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        p?.resolve(msg.result!);
      } else if (msg.type === 'event' && msg.name) {
        for (const l of this.listeners.get(msg.name) ?? []) l(msg.payload);
      }
    };
    ws.onclose = () => {
      for (const l of this.connectionListeners) l('closed');
      void this.retryUnlessRefused();
    };
  }

  /** A browser without the session cookie is refused for good: say so instead of reconnecting for ever. */
  private async retryUnlessRefused(): Promise<void> {
    const status = await fetch('/session', { cache: 'no-store' }).then((r) => r.status, () => 0);
    if (status === 401) {
      this.refused = true;
      for (const p of this.pending.values()) p.resolve(notLaunched());
      this.pending.clear();
      return;
    }
    setTimeout(() => this.connect(), this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 5000);
  }

  invoke(channel: string, input?: unknown): Promise<Result<unknown>> {
    if (this.refused) return Promise.resolve(notLaunched());
    return new Promise((resolve) => {
      const id = this.nextId++;
      const frame = JSON.stringify({ type: 'invoke', id, channel, input });
      this.pending.set(id, { resolve, frame });
      if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(frame);
    });
  }

  on(event: string, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => set!.delete(listener);
  }

  onConnection(listener: (state: 'open' | 'closed') => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }
}

function notLaunched(): Result<unknown> {
  return { ok: false, error: { code: 'UNAUTHENTICATED', message: NOT_LAUNCHED } };
}

export function pickBridge(): Bridge {
  const preload = window.masa;
  if (preload) {
    return { invoke: (c, i) => preload.invoke(c, i), on: (e, l) => preload.on(e, l), onConnection: () => () => {} };
  }
  return new WebSocketBridge();
}
