// Every feature's handlers, merged. Add one line per feature; each takes only the services it calls.
import type { HandlerMap } from '../types';
import { appHandlers, type AppHandlerDeps } from './app';
import { visitsHandlers, type VisitsHandlerDeps } from './visits';
import { flowsHandlers, type FlowsHandlerDeps } from './flows';
import { syncHandlers, type SyncHandlerDeps } from './sync';
import { cardsHandlers, type CardsHandlerDeps } from './cards';
import { idcardHandlers, type IdcardHandlerDeps } from './idcard';
import { customersHandlers, type CustomersHandlerDeps } from './customers';
import { auditHandlers, type AuditHandlerDeps } from './audit';
import { retentionHandlers, type RetentionHandlerDeps } from './retention';
import { printingHandlers, type PrintingHandlerDeps } from './printing';
import { paymentsHandlers, type PaymentsHandlerDeps } from './payments';
import { shiftsHandlers, type ShiftsHandlerDeps } from './shifts';
import { stockHandlers, type StockHandlerDeps } from './stock';

export type HandlerDeps = AppHandlerDeps & VisitsHandlerDeps & FlowsHandlerDeps & SyncHandlerDeps & CardsHandlerDeps & IdcardHandlerDeps & CustomersHandlerDeps & AuditHandlerDeps & RetentionHandlerDeps & PrintingHandlerDeps & PaymentsHandlerDeps & ShiftsHandlerDeps & StockHandlerDeps;

export function allHandlers(s: HandlerDeps): HandlerMap {
  return {
    ...appHandlers(s),
    ...visitsHandlers(s),
    ...flowsHandlers(s),
    ...syncHandlers(s),
    ...cardsHandlers(s),
    ...idcardHandlers(s),
    ...customersHandlers(s),
    ...auditHandlers(s),
    ...retentionHandlers(s),
    ...printingHandlers(s),
    ...paymentsHandlers(s),
    ...shiftsHandlers(s),
    ...stockHandlers(s),
  };
}
