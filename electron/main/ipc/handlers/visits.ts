import type { Services } from '../../compose';
import type { HandlerMap } from '../types';

export function visitsHandlers(s: Services): HandlerMap {
  return {
    'visits:create': (input) => s.visits.create(input),
    'visits:today': () => s.visits.today(),
    'visits:get': (input) => s.visits.get(input.id),
    'visits:search': (input) => s.visits.search(input.query, input.limit),
  };
}
