import type { Services } from '../../compose';
import type { HandlerMap } from '../types';

export function syncHandlers(s: Services): HandlerMap {
  return {
    'sync:status': () => s.sync.status(),
    'sync:queue': (input) => s.sync.queue(input.filter, input.limit),
    'sync:now': () => s.sync.syncNow(),
    'sync:limits': () => s.sync.checkLimits(),
    'sync:setLimits': (input) => s.sync.setLimits(input),
    'sync:enrol': (input) => s.sync.enrol(input),
    'sync:resolveConflict': (input) => s.sync.resolveConflict(input.opId, input.resolution, input.note),
  };
}
