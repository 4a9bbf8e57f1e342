import type { AuditLog } from '../../services/audit-log';
import type { HandlerMap } from '../types';

export interface AuditHandlerDeps {
  readonly audit: Pick<AuditLog, 'list' | 'verify' | 'serverAlerts'>;
}

export function auditHandlers(s: AuditHandlerDeps): HandlerMap {
  return {
    'audit:list': (input) => s.audit.list({ beforeSeq: input.beforeSeq, limit: input.limit }),
    'audit:verify': () => s.audit.verify(),
    'audit:serverAlerts': () => s.audit.serverAlerts(),
  };
}
