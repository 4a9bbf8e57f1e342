import type { FlowServices } from '../../flows';
import type { HandlerMap } from '../types';

export interface PaymentsHandlerDeps {
  readonly flows: FlowServices;
}

export function paymentsHandlers(s: PaymentsHandlerDeps): HandlerMap {
  const f = s.flows;
  return {
    'payments:bill': (i) => f.payments.bill(i.visitId),
    'payments:freeReasons': () => f.payments.freeReasons(),
    'payments:pay': (i) => f.payments.pay(i),
    'payments:void': (i) => f.payments.voidOperation(i),
    'print:refundSlip': (i) => f.print.refundSlip(i.operationId, i.language),
  };
}
