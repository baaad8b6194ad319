import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server serves dist/web at /app/ under a strict Content-Security-Policy
// (script-src 'self'; style-src 'self'), so the built index.html must hold no inline script or style.
export default defineConfig({
  root: 'web',
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
  },
  server: {
    // `npx vite` for UI work: the API comes from a server started with `npm start` on port 3000.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
