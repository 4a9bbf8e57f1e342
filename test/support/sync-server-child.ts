// The sync server as a child process for chaos tests (SIGKILL it mid-batch, restart it with another pool size).
// Usage: tsx test/support/sync-server-child.ts --port P (--postgres URL [--pool N] | --pglite DIR)
// Prints one JSON line {url} once listening.
import { parseArgs } from 'node:util';
import { buildApp } from '../../server/app';
import { openPostgres } from '../../server/db/postgres';
import { openPglite } from '../../server/db/pglite';
import { migrate } from '../../server/db/migrate';

const { values } = parseArgs({ options: { port: { type: 'string' }, postgres: { type: 'string' }, pool: { type: 'string' }, pglite: { type: 'string' } } });
const db = values.postgres ? openPostgres(values.postgres, { max: Number(values.pool ?? 10) }) : await openPglite(values.pglite);
await migrate(db);
const app = await buildApp({ db, retryAfterSeconds: 1 });
await app.listen({ port: Number(values.port ?? 0), host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;
process.stdout.write(JSON.stringify({ url: `http://127.0.0.1:${port}` }) + '\n');
