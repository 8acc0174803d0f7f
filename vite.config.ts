import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer (dashboard). Relative base so the same build loads from the app's own files in
// Electron and from the Node entry's loopback server in the browser dashboard.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
  },
});
