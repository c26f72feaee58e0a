import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { contentSecurityPolicy } from './src-shared/content-security-policy.js';

// Builds the renderer once; the Electron shell loads it from disk, the kiosk shell serves it on 127.0.0.1.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [
    react(),
    {
      name: 'vigil-csp',
      transformIndexHtml: (html) => html.replace('%VIGIL_CSP%', contentSecurityPolicy({ forMeta: true })),
    },
  ],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome130',
  },
  server: { host: '127.0.0.1' },
});
