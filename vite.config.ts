/// <reference types="vitest/config" />
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { inlineStylesheet } from './src/adapters/build/inline-stylesheet.ts';
import { contentSecurityPolicy } from './src/adapters/build/content-security-policy.ts';
import { lessonsPlugin } from './src/adapters/build/lessons-plugin.ts';
import { scenariosPlugin } from './src/adapters/build/scenarios-plugin.ts';

export default defineConfig({
  plugins: [
    scenariosPlugin(),
    lessonsPlugin(),
    svelte(),
    inlineStylesheet(),
    contentSecurityPolicy(),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      injectRegister: 'script-defer',
      // globPatterns below already precaches public/; listing assets twice duplicates entries.
      includeManifestIcons: false,
      manifest: {
        name: 'Port 25 Lab',
        short_name: 'Port 25 Lab',
        description: 'Learn how email really travels by typing SMTP to a simulated Postfix.',
        lang: 'en',
        start_url: '.',
        scope: '.',
        display: 'standalone',
        background_color: '#101418',
        theme_color: '#101418',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // Everything the build emits, so the lab works offline after the first visit.
        globPatterns: ['**/*.{html,js,css,svg,png,ico,txt}'],
        navigateFallback: 'index.html',
        // autoUpdate: a new worker takes over at once (only implied with injectRegister 'auto').
        skipWaiting: true,
        clientsClaim: true,
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  build: {
    target: 'es2022',
    // Every browser the lab supports preloads modules itself; Vite's polyfill cost the first
    // task ~20 ms scanning the document for links.
    modulePreload: { polyfill: false },
  },
  // Component tests (jsdom) need Svelte's client runtime, not its server build.
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: {
    include: ['test/unit/**/*.test.ts', 'test/socket/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    // .ci/run asks for a JSON report next to the usual console output.
    ...(process.env.VITEST_JSON_OUTPUT_FILE && {
      reporters: ['default', 'json'],
      outputFile: { json: process.env.VITEST_JSON_OUTPUT_FILE },
    }),
  },
});
