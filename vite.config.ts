import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('./src/renderer', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/renderer', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  // Relative asset URLs so the same build works from the browser-mode bridge (http://127.0.0.1)
  // and from the desktop app's app:// protocol.
  base: './',
  plugins: [react()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Inlined assets become data: URLs; keep everything a real file so the CSP stays 'self'-only.
    assetsInlineLimit: 0,
  },
});
