import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import packageJson from './package.json' with { type: 'json' };

/**
 * Builds the Electron shell as two Vite environments (`npm run build:electron`):
 *   dist/electron/main.js      ESM, Node target, dependencies left to node_modules
 *   dist/electron/preload.cjs  one CommonJS file with everything bundled but `electron`,
 *                              because a sandboxed preload cannot load modules
 * The renderer is built separately by vite.config.ts into dist/renderer.
 */
const OUT_DIR = 'dist/electron';
const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const dependencies = Object.keys(packageJson.dependencies ?? {});
const isDependency = (id: string): boolean => dependencies.some((dep) => id === dep || id.startsWith(`${dep}/`));

export default defineConfig({
  logLevel: 'warn',
  environments: {
    electronMain: {
      consumer: 'server',
      build: {
        outDir: OUT_DIR,
        emptyOutDir: true,
        target: 'node22',
        sourcemap: true,
        minify: false,
        rollupOptions: {
          input: 'src-main/electron/main.ts',
          external: (id) => id === 'electron' || nodeBuiltins.has(id) || isDependency(id),
          output: { format: 'es', entryFileNames: 'main.js' },
        },
      },
    },
    electronPreload: {
      consumer: 'client',
      build: {
        outDir: OUT_DIR,
        emptyOutDir: false,
        target: 'chrome130',
        sourcemap: true,
        minify: false,
        copyPublicDir: false,
        rollupOptions: {
          input: 'src-main/electron/preload.ts',
          external: ['electron'],
          output: { format: 'cjs', entryFileNames: 'preload.cjs', codeSplitting: false },
        },
      },
    },
  },
  builder: {
    // Main first: it empties the folder the preload is then written into.
    async buildApp(builder) {
      await builder.build(builder.environments.electronMain!);
      await builder.build(builder.environments.electronPreload!);
    },
  },
});
