// What the desk knows of the central office right now, for the per-kind offline policy (flows/offline-policy.ts):
// whether it can reach the server, and when the server last spoke about a customer.
import type { CentralContact } from '../../../common/domain/offline-policy';
import type { CentralContactPort } from '../flows/offline-policy';
import type { SyncWorker } from './sync-worker';

export interface CentralContactDeps {
  worker: Pick<SyncWorker, 'enrolment' | 'currentState' | 'lastSuccessAt'>;
  /** When the server last said anything about the customer (a look-up, or a record pulled for the office); null: never. */
  heardAt(subject: string): string | null;
  /** Ask the server about the customer now (the customer service's look-up, which keeps the answer in the replica). */
  lookUp(subject: string): Promise<unknown>;
  now(): Date;
}

/** A screen re-asks on every sync event: an answer this recent is good enough, the server is not asked again. */
const RECENT_MS = 60_000;

export function centralContact(deps: CentralContactDeps): CentralContactPort {
  // The worker's last attempt decides: 'offline'/'error' once an exchange failed, until one succeeds again.
  const reachable = () => {
    const state = deps.worker.currentState();
    return state === 'idle' || state === 'syncing';
  };
  return {
    contact(subject: string): CentralContact {
      const heard = deps.heardAt(subject);
      const lastPull = deps.worker.lastSuccessAt();
      // Once the server has spoken of a customer to this office, the office follows them: every later change to their
      // records comes down with the pull, so a successful pull after that is a central answer too ("nothing changed").
      const checked = heard && lastPull && lastPull > heard ? lastPull : heard;
      return { enrolled: deps.worker.enrolment() !== null, reachable: reachable(), customerCheckedAt: checked };
    },
    async refresh(subject: string): Promise<void> {
      if (deps.worker.enrolment() === null) return;
      const heard = deps.heardAt(subject);
      if (heard && deps.now().getTime() - Date.parse(heard) < RECENT_MS) return;
      await deps.lookUp(subject);
    },
  };
}
