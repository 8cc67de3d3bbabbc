import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { buildReportPlugin } from './build/build-report-plugin.ts';

/** Where `pnpm dev` finds the API: the server `pnpm dev` runs beside Vite. */
const api = process.env.TASKCHAT_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react(), buildReportPlugin()],
  server: {
    // The browser talks to one origin, as in production: Vite forwards the API to the server.
    proxy: { '/trpc': api, '/export': api },
  },
  build: { target: 'es2022' },
});
