import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    sequence: { seed: 20261124 },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['generator/test/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['integration_tests/scenarios/**/*.test.ts'],
          globalSetup: ['integration_tests/global-setup.ts'],
          // One server, one dbt at a time: scenarios share the server and isolate by schema.
          fileParallelism: false,
          maxWorkers: 1,
          minWorkers: 1,
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
