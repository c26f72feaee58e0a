import path from 'node:path';
import { defineConfig } from 'vite';

// The map benchmark's two pages (npm run bench:map): the app's MapEngine and a bare
// maplibre + deck.gl reference, built like the renderer (same bundler, target, no CSP).
const bench = path.resolve(import.meta.dirname);
export default defineConfig({
  root: bench,
  base: './',
  logLevel: 'warn',
  build: {
    outDir: path.resolve(bench, '../dist/bench-map'),
    emptyOutDir: true,
    target: 'chrome130',
    chunkSizeWarningLimit: 4096,
    rolldownOptions: {
      input: {
        app: path.resolve(bench, 'map-app/index.html'),
        bare: path.resolve(bench, 'map-bare/index.html'),
      },
    },
  },
});
