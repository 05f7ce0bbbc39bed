import { defineConfig } from 'vitest/config';

/**
 * `npx vitest run` runs every project. Unit and end-to-end tests need nothing
 * outside the repo; integration tests run against real servers. The Kafka
 * project's global setup uses KAFKA_BROKERS or starts deploy/kafka (with
 * CI=true a broker that cannot start fails the run); the kafka-secure project's
 * starts a second deploy/kafka node with SASL_SSL listeners (`up --secure`).
 */
export default defineConfig({
  test: {
    teardownTimeout: 60_000,
    projects: [
      {
        extends: true,
        // Property tests run whole simulated incidents: a loaded CI machine takes
        // seconds over vitest's 5 s default, which is not what these tests check.
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts', 'tests/e2e/**/*.test.ts'], testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          exclude: ['tests/integration/kafka/**', 'tests/integration/kafka-secure/**'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'kafka',
          include: ['tests/integration/kafka/**/*.test.ts'],
          globalSetup: ['tests/integration/setup/kafka-global-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'kafka-secure',
          include: ['tests/integration/kafka-secure/**/*.test.ts'],
          globalSetup: ['tests/integration/setup/kafka-secure-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
