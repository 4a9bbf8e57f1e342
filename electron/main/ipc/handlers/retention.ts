import type { PersonalDataRetention } from '../../services/personal-data-retention';
import type { AuthService } from '../../services/auth-service';
import type { HandlerMap } from '../types';

export interface RetentionHandlerDeps {
  readonly retention: PersonalDataRetention;
  readonly auth: AuthService;
}

export function retentionHandlers(s: RetentionHandlerDeps): HandlerMap {
  const settings = () => ({ personalDataRetentionDays: s.retention.retentionDays() });
  return {
    'retention:settings': settings,
    'retention:setSettings': (input) => {
      // The dispatcher checked the role; the supervisor's id is the audit entry's actor.
      s.retention.setRetentionDays(input.personalDataRetentionDays, s.auth.requireSupervisor().id);
      return settings();
    },
    'retention:purge': () => s.retention.purge(),
  };
}
