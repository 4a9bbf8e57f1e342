// Builds only the renderer into a private folder, so e2e runs of one area do not race other helpers' builds of
// out/renderer: `npx vite build --config test/e2e/support/renderer.vite.config.ts`, then MASA_E2E_RENDERER=<dir>.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  root: resolve('renderer'),
  base: './',
  plugins: [vue()],
  logLevel: 'warn',
  build: { outDir: resolve(process.env.MASA_E2E_RENDERER ?? 'out/e2e-renderer'), emptyOutDir: true },
});
