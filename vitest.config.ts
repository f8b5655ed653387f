import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    pool: 'forks',
    // One test file at a time: each loads the embedding and language models, and two at once on two
    // cores starved vitest's own process until an internal RPC timed out (all tests passing).
    poolOptions: { forks: { maxForks: 1, minForks: 1 } },
    testTimeout: 180_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});
