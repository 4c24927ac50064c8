/**
 * The web cabinet's build: `web/` → `web/dist/`, served by the API server (src/http/web-cabinet.ts).
 * Production build only (no dev server is needed: `npm start` serves the built files).
 */
import fs from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * `virtual:api-operations`: operationId → method and path from the committed docs/openapi.json,
 * the cabinet's fallback when the server's own /openapi.json cannot be read.
 */
function apiOperations(): Plugin {
  const id = 'virtual:api-operations';
  return {
    name: 'jashik-api-operations',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(resolved) {
      if (resolved !== `\0${id}`) return undefined;
      const file = new URL('../docs/openapi.json', import.meta.url);
      this.addWatchFile(file.pathname);
      const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
      const ops: Record<string, [string, string]> = {};
      for (const [p, methods] of Object.entries(doc.paths ?? {})) {
        for (const [method, op] of Object.entries(methods)) if (op?.operationId) ops[op.operationId] = [method.toUpperCase(), p];
      }
      return `export default ${JSON.stringify(ops)};`;
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react(), apiOperations()],
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 1024,
  },
});
