// Main → renderer events. Services emit through this port; each host (Electron window, browser-host sockets)
// subscribes and forwards. Payloads are validated against the contract before they leave the process.
import type { EventName, EventPayload } from '../../../common/ipc/contract';
import { events as eventSchemas } from '../../../common/ipc/contract';

export type EventListener = (name: EventName, payload: unknown) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const parsed = eventSchemas[name].safeParse(payload);
    if (!parsed.success) {
      // A malformed event is a programming error; drop it rather than hand the renderer something off-contract.
      console.error(`masa: event ${name} does not match the contract: ${parsed.error.message}`);
      return;
    }
    for (const l of this.listeners) {
      try {
        l(name, parsed.data);
      } catch (e) {
        console.error(`masa: event listener failed for ${name}:`, e);
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
