import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { lessonDocuments } from './src/lessons/node/vite-plugin';

export default defineConfig({
  plugins: [react(), lessonDocuments()],
  // Relative asset URLs: the static build works from any sub-path (GitHub Pages, a course site).
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      output: {
        // Everything the first view imports statically in one chunk: left alone, Rolldown splits
        // the modules the entry shares with a lazy chunk (the lessons, the gallery, the editor)
        // into small common chunks, which cost more bytes and requests than they save.
        codeSplitting: { groups: [{ name: 'app', tags: ['$initial'] }] },
      },
    },
  },
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1' },
});
