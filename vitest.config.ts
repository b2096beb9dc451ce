import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Two cores here; each worker holds its own database (PGlite uses ~0.5 GB).
    maxWorkers: 2,
    fileParallelism: true,
    // Generous: CI machines are small and busy; a hung test still fails.
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // A run that finds no test files fails instead of passing silently.
    passWithNoTests: false,
  },
});
