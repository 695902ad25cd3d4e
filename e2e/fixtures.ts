import { test as base, expect } from '@playwright/test';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const LOCAL_PROTOCOLS = new Set(['data:', 'blob:', 'about:']);

function isLocal(url: string): boolean {
  const u = new URL(url);
  return LOCAL_PROTOCOLS.has(u.protocol) || LOCAL_HOSTS.has(u.hostname);
}

/**
 * `test` with a guard on every page: the test fails on any request to a non-local host
 * (which is also blocked), any response with status >= 400, and any console error or
 * uncaught page error.
 */
export const test = base.extend<{ pageGuard: undefined }>({
  pageGuard: [
    async ({ context, page }, use) => {
      const problems: string[] = [];
      await context.route(
        (url) => !isLocal(url.href),
        async (route) => {
          problems.push(`request to a non-local host: ${route.request().url()}`);
          await route.abort('blockedbyclient');
        },
      );
      page.on('response', (response) => {
        if (response.status() >= 400) {
          problems.push(`HTTP ${response.status()} for ${response.url()}`);
        }
      });
      page.on('console', (message) => {
        if (message.type() === 'error') {
          problems.push(`console error: ${message.text()}`);
        }
      });
      page.on('pageerror', (error) => {
        problems.push(`page error: ${error.message}`);
      });

      await use(undefined);

      expect(
        problems,
        'the page made non-local requests, got error responses or logged errors',
      ).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
