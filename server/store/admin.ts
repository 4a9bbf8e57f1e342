import type { Database } from '../db/adapter';
import { revokePoa } from './central-sql';

/** A power of attorney revoked at the centre: desks pull it; ops that used it after revokedAt become conflicts. */
export async function revokePoaCentrally(db: Database, poaId: string, reason?: string, revokedAt?: string): Promise<{ poaId: string; revokedAt: string }> {
  const at = revokedAt ?? new Date().toISOString();
  await db.transaction((tx) => revokePoa(tx, poaId, at, reason ?? null));
  return { poaId, revokedAt: at };
}
