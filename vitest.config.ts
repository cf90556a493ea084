import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['__tests__/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          // The dialect matrix runs its ten lifecycles at once: they mostly wait on Cloudflare's clock.
          maxConcurrency: 10,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'live',
          include: ['live/**/*.test.ts'],
          testTimeout: 900_000,
          // One real zone and hostname: the live files must not run at the same time.
          fileParallelism: false,
        },
      },
    ],
  },
});
