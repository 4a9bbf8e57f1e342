// The central office console (issue 13): a page of its own, built next to the desk's renderer into out/console and
// served by masa-server at /console (history routing under /console/, so every path there answers index.html).
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const here = import.meta.dirname;

export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [vue()],
  // No inline scripts or styles in the output: the server's CSP is default-src 'self'.
  build: { outDir: resolve(here, '../out/console'), emptyOutDir: true, assetsInlineLimit: 0, chunkSizeWarningLimit: 1500 },
});
