// The status bar's facts (card service, readers, sync) in one snapshot, pushed to the renderer on change.
import type { DeskStatus } from '../../../common/ipc/channels/app';
import type { EventBus } from './event-bus';

export class StatusService {
  private snapshot: DeskStatus = {
    cardService: 'unavailable',
    readers: 0,
    cardKinds: [],
    sync: { state: 'not-configured', pending: 0, lastSuccessAt: null, error: null, conflicts: { total: 0, byClerk: {} } },
  };

  constructor(private readonly bus: EventBus) {}

  current(): DeskStatus {
    return this.snapshot;
  }

  setCards(cardService: DeskStatus['cardService'], readers: number, cardKinds: DeskStatus['cardKinds'] = []): void {
    const same = JSON.stringify(cardKinds) === JSON.stringify(this.snapshot.cardKinds);
    if (cardService === this.snapshot.cardService && readers === this.snapshot.readers && same) return;
    this.snapshot = { ...this.snapshot, cardService, readers, cardKinds };
    this.bus.emit('app:status', this.snapshot);
  }

  setSync(sync: DeskStatus['sync']): void {
    this.snapshot = { ...this.snapshot, sync };
    this.bus.emit('app:status', this.snapshot);
  }
}
