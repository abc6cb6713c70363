import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/emulator/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // jsforce routes even loopback calls through HTTP(S)_PROXY and ignores NO_PROXY.
    setupFiles: ['tests/setup/clear-proxy.ts'],
    pool: 'forks',
  },
});
