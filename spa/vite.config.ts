import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import type { ProxyOptions } from 'vite';

// The AppHost gives the API's address through service discovery variables (WithReference(api)).
const apiTarget =
  process.env.services__api__http__0 ?? process.env.FLEX_API_URL ?? 'http://127.0.0.1:5080';

// Hook for the security work: when FLEX_API_KEY is set in the dev server's environment, the proxy adds it
// server-side, so the key never reaches the browser bundle (only VITE_* variables are exposed to the client).
function withServerSideApiKey(proxy: ProxyOptions): ProxyOptions {
  const apiKey = process.env.FLEX_API_KEY;
  if (!apiKey) return proxy;
  return {
    ...proxy,
    configure: (server) => {
      server.on('proxyReq', (req) => req.setHeader('Authorization', `Bearer ${apiKey}`));
    },
  };
}

export default defineConfig({
  plugins: [vue()],
  server: {
    host: '127.0.0.1',
    port: Number(process.env.PORT) || 5173,
    strictPort: true,
    proxy: {
      '/api': withServerSideApiKey({ target: apiTarget, changeOrigin: true }),
    },
  },
  preview: {
    host: '127.0.0.1',
    port: Number(process.env.PORT) || 4173,
    strictPort: true,
  },
  test: {
    environment: 'node', // component tests opt into jsdom with a @vitest-environment comment
    include: ['tests/**/*.test.ts'],
  },
});
