import { defineConfig } from 'vitest/config';

// Two projects: fast pure unit tests, and integration tests that touch real SQLite files, pcscd, PostgreSQL.
// Integration files run one at a time: they share daemons (pcscd, vpcd ports) and the machine has 2 cores.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          // No test desk may file its database key in the developer's own keyring: the suite sees no D-Bus session
          // (so desks use the key file fallback, as on CI); test/integration/db-key-store.test.ts starts its own.
          env: { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/masa-tests-have-no-session-bus' },
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
