import type { VisitService } from '../../services/visit-service';
import type { HandlerMap } from '../types';

export interface VisitsHandlerDeps {
  readonly visits: VisitService;
}

export function visitsHandlers(s: VisitsHandlerDeps): HandlerMap {
  return {
    'visits:create': (input) => s.visits.create(input),
    'visits:today': () => s.visits.today(),
    'visits:get': (input) => s.visits.get(input.id),
    'visits:close': (input) => s.visits.lifecycle.close(input.id, input.reason),
    'visits:cancel': (input) => s.visits.lifecycle.cancel(input.id),
    'visits:search': (input) => s.visits.search(input.query, input.limit),
  };
}
