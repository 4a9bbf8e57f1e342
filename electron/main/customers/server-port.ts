// The customer look-up through the sync server (GET /v1/customers), as the CustomerService's port: signed with the
// desk's key, short enough for a clerk to wait on. Anything but a refusal of the question itself means "the server
// cannot be asked now", and the replica answers.
import { AppError, ErrorCode } from '../../../common/errors';
import { SyncHttpError } from '../../../common/sync/client';
import type { SyncWorker } from '../sync/sync-worker';
import { ServerUnreachable, type CustomerServerPort } from './customer-service';

/** How long a clerk waits for the server before the replica answers. */
export const LOOKUP_TIMEOUT_MS = 4_000;

export function serverCustomerPort(worker: Pick<SyncWorker, 'requestClient'>, timeoutMs = LOOKUP_TIMEOUT_MS): CustomerServerPort {
  return {
    async lookup(query) {
      const client = worker.requestClient(timeoutMs);
      if (!client) throw new ServerUnreachable('this desk is not enrolled with a sync server');
      try {
        return await client.customer(query);
      } catch (e) {
        if (e instanceof SyncHttpError && e.status === 400) throw new AppError(ErrorCode.InvalidInput, e.message, { fields: { value: 'CUSTOMER_QUERY_FORMAT' } });
        throw new ServerUnreachable(e instanceof Error ? e.message : String(e));
      }
    },
  };
}
