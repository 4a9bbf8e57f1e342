// "Put the card on the reader": after a read fails with NO_CARD, the screen waits for the card service to report a
// card of the right kind and reads again by itself, so the clerk does not have to press Read a second time.
import { onBeforeUnmount, ref } from 'vue';
import { api } from '../api/client';
import type { CardsStatusPayload } from '../../../common/ipc/channels/cards';

type Kind = 'sim' | 'id-card' | 'esign-card' | 'unknown';

export function useCardWait(kinds: readonly Kind[]) {
  const waiting = ref(false);
  let off: (() => void) | null = null;

  function stop(): void {
    off?.();
    off = null;
    waiting.value = false;
  }

  /** Calls `retry` once, when a card of one of `kinds` is present (now or later). */
  function waitThen(retry: () => void): void {
    stop();
    waiting.value = true;
    const check = (s: CardsStatusPayload) => {
      if (s.readers.some((r) => r.cardPresent && r.kind !== null && kinds.includes(r.kind))) {
        stop();
        retry();
      }
    };
    off = api.on('cards:changed', check);
    // The card may have arrived between the failed read and the subscription.
    void api.call('cards:status', {}).then(check, () => {});
  }

  onBeforeUnmount(stop);
  return { waiting, waitThen, stop };
}
