import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Builds the renderer once; the Electron shell loads it from disk, the kiosk shell serves it on 127.0.0.1.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome130',
  },
  server: { host: '127.0.0.1' },
});
