import { defineConfig } from 'vitest/config';
import { lessonDocuments } from './src/lessons/node/vite-plugin';

export default defineConfig({
  plugins: [lessonDocuments()],
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'scripts/**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'bench/**', 'e2e/**'],
    environment: 'node',
    // The kernel cross-check compiles and runs C: give it time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    passWithNoTests: true,
  },
});
