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
    rolldownOptions: {
      output: {
        codeSplitting: {
          // zod and lib/zod-setup.ts (which turns zod's JIT off) in one chunk: a chunk runs before the
          // chunks that import it, so no schema is built before the flag is set. Left to automatic
          // chunking, zod could share a chunk with modules that build schemas before the entry's own
          // code runs, and zod's `new Function` probe would then be reported as a CSP violation.
          groups: [{ name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]|[\\/]lib[\\/]zod-setup\.ts$/ }],
        },
      },
    },
  },
});
