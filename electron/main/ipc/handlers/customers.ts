import type { CustomerService } from '../../customers/customer-service';
import type { HandlerMap } from '../types';

export interface CustomersHandlerDeps {
  readonly customers: CustomerService;
}

export function customersHandlers(s: CustomersHandlerDeps): HandlerMap {
  return {
    'customers:lookup': (input) => s.customers.lookup(input.by, input.value),
    'customers:search': (input) => s.customers.search(input.query, input.limit),
    'customers:summary': (input) => s.customers.summary(input.key),
    'customers:replicaSettings': () => s.customers.settings(),
    'customers:setReplicaSettings': (input) => s.customers.setSettings(input),
  };
}
