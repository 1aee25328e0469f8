// Builds the Svelte renderer into dist/renderer; the same files serve Electron and browser mode.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

export default defineConfig({
  root: fileURLToPath(new URL('./src-renderer/', import.meta.url)),
  base: './',
  plugins: [svelte()],
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer/', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The app is local: one chunk per view would only add requests.
    chunkSizeWarningLimit: 1200,
    modulePreload: { polyfill: false },
  },
});
