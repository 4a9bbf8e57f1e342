import type { AuthService } from '../../services/auth-service';
import type { PrintDelivery } from '../../printing/print-delivery';
import type { PrintSettings } from '../../printing/print-settings';
import type { HandlerMap } from '../types';

export interface PrintingHandlerDeps {
  readonly printing: PrintDelivery;
  readonly printSettings: PrintSettings;
  readonly auth: AuthService;
}

export function printingHandlers(s: PrintingHandlerDeps): HandlerMap {
  return {
    'printers:list': () => s.printing.printers(),
    'printers:destinations': () => s.printSettings.current(),
    // The dispatcher checked the role; the supervisor is the audit entry's actor.
    'printers:setDestinations': (input) => s.printSettings.set(input, s.auth.requireSupervisor().id),
  };
}
