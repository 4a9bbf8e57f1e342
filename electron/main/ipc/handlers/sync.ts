import type { SyncService } from '../../sync/sync-service';
import type { HandlerMap } from '../types';

export interface SyncHandlerDeps {
  readonly sync: SyncService;
}

export function syncHandlers(s: SyncHandlerDeps): HandlerMap {
  return {
    'sync:status': () => s.sync.status(),
    'sync:queue': (input) => s.sync.queue(input.filter, input.limit),
    'sync:now': () => s.sync.syncNow(),
    'sync:limits': () => s.sync.checkLimits(),
    'sync:setLimits': (input) => s.sync.setLimits(input),
    'sync:enrol': (input) => s.sync.enrol(input),
    'sync:resolveConflict': (input) => s.sync.resolveConflict(input.opId, input.resolution, input.note, input.password),
  };
}
