import { expect, test, type Page } from '@playwright/test';
import { StaticSite } from './static-site.ts';
import { TerminalPage } from './terminal.page.ts';

/** Resolves once a service worker controls the page (first visit: after it claims it). */
async function controlled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller) return;
    await new Promise((resolve) =>
      navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
    );
  });
}

test('an update of the installed app keeps the history, the settings and lesson progress', async ({
  page,
  context,
}) => {
  const site = await StaticSite.start('dist');
  try {
    const terminal = new TerminalPage(page);
    await page.goto(`${site.url}/?scenario=datacenter-direct`);
    await terminal.type('dig MX example.org');
    await terminal.see('mx.example.org.');
    await page.getByRole('combobox', { name: 'Packet animation' }).selectOption('Slow');
    await page
      .getByRole('combobox', { name: 'Virtual time' })
      .selectOption('played slowly (1 s = 0.1 s)');
    await controlled(page);
    await page.goto(`${site.url}/?lesson=say-ehlo`);
    await terminal.type('telnet mx.example.org 25');
    await expect(page.getByRole('complementary').getByText(/\d+ of \d+ goals met/)).toContainText(
      '1 of 6 goals met',
    );

    // A new build goes live; the open page's worker finds it and hands over to it.
    site.publishUpdate('update-under-test');
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      const handedOver = new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
      await registration?.update();
      await handedOver;
    });

    // Offline, so that the page can only come from the new worker's precache.
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator('meta[name="port25-build"]')).toHaveAttribute(
      'content',
      'update-under-test',
    );
    await expect(page.getByRole('combobox', { name: 'Packet animation' })).toHaveValue('1500');
    await expect(page.getByRole('combobox', { name: 'Virtual time' })).toHaveValue('100');
    await terminal.command.press('ArrowUp');
    await expect(terminal.command).toHaveValue('telnet mx.example.org 25');
    await terminal.command.press('ArrowUp');
    await expect(terminal.command).toHaveValue('dig MX example.org');
    await terminal.type('telnet mx.example.org 25');
    await terminal.seeReply(220);
    await page.goto(`${site.url}/?lesson=say-ehlo`);
    await expect(page.getByRole('complementary').getByText(/\d+ of \d+ goals met/)).toContainText(
      '1 of 6 goals met',
    );
  } finally {
    await context.setOffline(false);
    await site.stop();
  }
});
