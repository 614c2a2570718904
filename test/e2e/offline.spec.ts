import { expect, test } from '@playwright/test';
import { TerminalPage } from './terminal.page.ts';

test('after one visit the lab works offline through its service worker', async ({
  page,
  context,
}) => {
  const terminal = new TerminalPage(page);
  await terminal.open('datacenter-direct');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
    }
  });

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Port 25 Lab' })).toBeVisible();
  await terminal.type('telnet mx.example.org 25');
  await terminal.seeReply(220);
  await terminal.type('EHLO laptop.example.net');
  await terminal.seeReply(250, 'CHUNKING');
});
