import { defineConfig } from 'vite';

// The gateway serves the built console at /console; `npm run dev` proxies the APIs to a running gateway.
const gateway = process.env.TOLLGATE_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/console/',
  // JSX through esbuild's automatic runtime: no Babel plugin needed.
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: process.env.TOLLGATE_CONSOLE_OUT ?? 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
  },
  server: {
    proxy: {
      '/admin': gateway,
      '/account': gateway,
      '/v1': gateway,
    },
  },
});
