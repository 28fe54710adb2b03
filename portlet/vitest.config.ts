import { createServer } from 'node:net';
import { playwright } from '@vitest/browser-playwright';
import { defaultClientConditions } from 'vite';
import { defineProject } from 'vitest/config';
import { CHROMIUM } from './test/chromium.js';

// A free port for the real API, chosen here because the proxy below needs it before the global setup starts the server.
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The portlet's component tests: Vitest browser mode on Chromium, talking to a real server through the dev server's proxy. */
export default defineProject(async () => {
  process.env.HELPDESK_BROWSER_API_PORT ??= String(await freePort());
  process.env.HELPDESK_BROWSER_PORTAL_PORT ??= String(await freePort());
  const api = `http://127.0.0.1:${process.env.HELPDESK_BROWSER_API_PORT}`;
  return {
    resolve: { conditions: ['es2015', ...defaultClientConditions] },
    server: {
      proxy: {
        // The WebSocket handshake keeps the page's Origin and Host: the server takes it for a page of its own.
        '/graphql': { target: api, ws: true },
        '/auth': { target: api },
        '/statistics.csv': { target: api },
        // The development mail catcher's list: what the server really sent.
        '/dev/mail': { target: api },
        // The ENT portal stand-in (test/portal.ts): the page is the ENT's, as a portlet's is.
        '/portail': { target: `http://127.0.0.1:${process.env.HELPDESK_BROWSER_PORTAL_PORT}` },
      },
    },
    optimizeDeps: {
      include: [
        'lit',
        '@apollo/client',
        '@apollo/client/utilities',
        '@apollo/client/link/subscriptions',
        '@apollo/client/errors',
        'graphql-ws',
        'rxjs',
        'axe-core',
      ],
    },
    test: {
      name: 'portlet',
      include: ['src/**/*.test.ts'],
      globalSetup: ['test/api-setup.ts'],
      testTimeout: 20_000,
      browser: {
        enabled: true,
        headless: true,
        provider: playwright({ launchOptions: CHROMIUM }),
        instances: [{ browser: 'chromium' as const }],
        screenshotFailures: false,
      },
    },
  };
});
