import type { AppState } from '../../../../common/ipc/channels/app';
import type { AuthService } from '../../services/auth-service';
import type { StatusService } from '../../services/status-service';
import type { HandlerMap } from '../types';

export interface AppHandlerDeps {
  readonly auth: AuthService;
  readonly status: StatusService;
  appState(): AppState;
}

export function appHandlers(s: AppHandlerDeps): HandlerMap {
  return {
    'app:state': () => s.appState(),
    'app:deskStatus': () => s.status.current(),
    'app:setup': async (input) => {
      await s.auth.setup(input);
      return s.appState();
    },
    'auth:signIn': (input) => s.auth.signIn(input.username, input.password),
    'auth:signOut': () => s.auth.signOut(),
    'auth:lock': () => s.auth.lock(),
    'auth:unlock': (input) => s.auth.unlock(input.password),
    // The dispatcher has already counted the call as activity.
    'auth:activity': () => s.auth.session(),
    'auth:setLanguage': (input) => s.auth.setLanguage(input.language),
    'auth:approve': (input) => s.auth.approve(input),
    'clerks:list': () => s.auth.listClerks(),
    'clerks:add': (input) => s.auth.addClerk(input),
    'clerks:setActive': (input) => s.auth.setClerkActive(input.id, input.active),
    'settings:setIdleLock': (input) => s.auth.setIdleLock(input.minutes),
  };
}
