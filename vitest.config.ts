import { defineConfig } from 'vitest/config'

const MODEL_SHARDS = 'test/resilience/session-model.shard-*.test.ts'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/resilience/**'],
          environment: 'node',
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'resilience',
          include: ['test/resilience/**/*.test.ts'],
          exclude: [MODEL_SHARDS],
          environment: 'node',
          // The soak measures heap in use after a full collection.
          execArgv: ['--expose-gc'],
          testTimeout: 120_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          // The model runs, split into shards that play in parallel workers (one a core),
          // after the browser tests so that they have the cores to themselves.
          name: 'model',
          include: [MODEL_SHARDS],
          environment: 'node',
          globalSetup: ['test/resilience/support/model-figures.ts'],
          maxWorkers: 2,
          sequence: { groupOrder: 2 },
          testTimeout: 1_800_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          // Real Chromium tabs measure timing and leadership: one file at a time, after
          // the Node suites, so two cores are not shared with other tests.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 45_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
