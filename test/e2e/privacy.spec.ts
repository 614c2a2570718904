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
