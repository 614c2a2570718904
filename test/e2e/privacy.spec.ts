import { expect, test } from '@playwright/test';
import { TerminalPage } from './terminal.page.ts';

test('no request leaves the origin', async ({ page, context, baseURL }) => {
  const origin = new URL(baseURL ?? page.url()).origin;
  const requested: string[] = [];
  context.on('request', (request) => requested.push(request.url()));

  const terminal = new TerminalPage(page);
  await terminal.telnet('datacenter-direct', 'mx.example.org', 25);
  await terminal.type('EHLO laptop.example.net');
  await terminal.seeReply(250, 'CHUNKING');
  await page.waitForLoadState('networkidle');

  expect(requested.length).toBeGreaterThan(0);
  expect(requested.filter((url) => new URL(url).origin !== origin)).toEqual([]);
});

test('a strict Content-Security-Policy, and the app breaks none of it', async ({ page }) => {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { cspViolations: string[] }).cspViolations ??= [];
      (window as unknown as { cspViolations: string[] }).cspViolations.push(
        `${e.violatedDirective} ${e.blockedURI}`,
      );
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
  expect(response?.headers()['x-content-type-options']).toBe('nosniff');
  const meta = await page
    .locator('meta[http-equiv="Content-Security-Policy"]')
    .getAttribute('content');
  expect(meta).toMatch(/default-src 'self'/);
  expect(meta).toMatch(/style-src 'self' 'sha256-/);
  expect(meta).not.toMatch(/unsafe-inline|unsafe-eval/);

  // Packets animate (inline style properties), the shell loads lazily, a session runs.
  const terminal = new TerminalPage(page);
  await terminal.telnet('datacenter-direct', 'mx.example.org', 25);
  await terminal.type('EHLO laptop.example.net');
  await terminal.seeReply(250, 'CHUNKING');
  await terminal.type('QUIT');
  await page.waitForLoadState('networkidle');
  const caught = await page.evaluate(
    () => (window as unknown as { cspViolations?: string[] }).cspViolations ?? [],
  );
  expect([...caught, ...violations]).toEqual([]);
});
