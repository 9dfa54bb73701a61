import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    sequence: { seed: 20261124 },
    // the default output, plus each integration run's results for the conformance record (npm run test:real)
    reporters: ['default', './integration_tests/conformance/reporter.ts'],
    // Integration scenarios share one server and run one dbt at a time (isolated by schema).
    fileParallelism: false,
    projects: [
      {
        test: {
          name: 'unit',
          include: ['generator/test/**/*.test.ts', 'harness/**/*.test.ts'],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['integration_tests/scenarios/**/*.test.ts'],
          globalSetup: ['integration_tests/global-setup.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
