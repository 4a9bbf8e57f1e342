// The status bar's facts (card service, readers, sync) in one snapshot, pushed to the renderer on change.
import type { DeskStatus } from '../../../common/ipc/channels/app';
import type { EventBus } from './event-bus';

export class StatusService {
  private snapshot: DeskStatus = {
    cardService: 'unavailable',
    readers: 0,
    sync: { state: 'not-configured', pending: 0, lastSuccessAt: null, error: null, conflicts: { total: 0, byClerk: {} } },
  };

  constructor(private readonly bus: EventBus) {}

  current(): DeskStatus {
    return this.snapshot;
  }

  setCards(cardService: DeskStatus['cardService'], readers: number): void {
    if (cardService === this.snapshot.cardService && readers === this.snapshot.readers) return;
    this.snapshot = { ...this.snapshot, cardService, readers };
    this.bus.emit('app:status', this.snapshot);
  }

  setSync(sync: DeskStatus['sync']): void {
    this.snapshot = { ...this.snapshot, sync };
    this.bus.emit('app:status', this.snapshot);
  }
}
