// Builds the console into web/dist (served by `warden serve`), and `npm run dev` serves it with
// hot reload, proxying the API to a local Warden (WARDEN_DEV_TARGET, default http://localhost:8080).
import path from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;
const target = process.env.WARDEN_DEV_TARGET ?? 'http://localhost:8080';

export default defineConfig({
  root,
  plugins: [react()],
  resolve: {
    // The shared typed API client and the access model live in the server's tree: one source of truth.
    alias: {
      '@client': path.resolve(root, '../src/client/index.ts'),
      '@access': path.resolve(root, '../src/access/model.ts'),
    },
  },
  server: {
    port: 5173,
    // Sessions are host-scoped cookies set by Warden; the proxy keeps everything on one origin.
    proxy: { '/api': { target, changeOrigin: false }, '/healthz': target, '/readyz': target },
    fs: { allow: [root, path.resolve(root, '../src/client'), path.resolve(root, '../src/access'), path.resolve(root, '../node_modules')] },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Air-gapped installs: everything is bundled, nothing is fetched from a CDN.
    assetsInlineLimit: 0,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
});
