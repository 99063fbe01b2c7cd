import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['./test/global-setup.ts'],
    setupFiles: ['./test/setup-seed.ts'],
    reporters: ['default', './test/closing-line-reporter.ts'],
    testTimeout: 60_000,
  },
});
