// Every feature's handlers, merged. Add one line per feature.
import type { Services } from '../../compose';
import type { HandlerMap } from '../types';
import { appHandlers } from './app';
import { visitsHandlers } from './visits';
import { flowsHandlers } from './flows';
import { syncHandlers } from './sync';
import { cardsHandlers } from './cards';
import { idcardHandlers } from './idcard';

export function allHandlers(s: Services): HandlerMap {
  return {
    ...appHandlers(s),
    ...visitsHandlers(s),
    ...flowsHandlers(s),
    ...syncHandlers(s),
    ...cardsHandlers(s),
    ...idcardHandlers(s),
  };
}
