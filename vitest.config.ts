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
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
