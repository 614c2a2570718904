import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { TerminalPage } from './terminal.page.ts';

test('the page has no axe violations, before and after a conversation', async ({ page }) => {
  const terminal = new TerminalPage(page);
  await terminal.open('datacenter-direct');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  await terminal.type('telnet mx.example.org 25');
  await terminal.type('EHLO laptop.example.net');
  await terminal.type('MAIL FROM:<alice@example.net>');
  await terminal.type('RCPT TO:<carol@example.com>');
  await terminal.type('QUIT');
  await terminal.see('Connection closed by foreign host.');
  await terminal.type('logs mx.example.org');
  await terminal.see('NOQUEUE: reject: RCPT');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('the transcript is a polite live log and the command line has focus', async ({ page }) => {
  const terminal = new TerminalPage(page);
  await terminal.open();
  await expect(terminal.transcript).toHaveAttribute('aria-live', 'polite');
  await expect(terminal.command).toBeFocused();
});

test('a lesson has no axe violations: goals, hints, quiz answered and the lesson map open', async ({
  page,
}) => {
  await page.goto('/?lesson=say-ehlo');
  const panel = page.getByRole('complementary').filter({ has: page.getByText('Lesson 1 of') });
  await expect(panel.getByRole('heading', { name: 'Say EHLO' })).toBeVisible();
  await panel.getByRole('button', { name: /Show a hint/ }).click();
  await panel.getByRole('button', { name: /SMTP has no length field/ }).click();
  await expect(panel.getByText(/^Right\./)).toBeVisible();
  await panel.getByText('All lessons and your progress').click();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('the trainer tools and presenter mode have no axe violations', async ({ page }) => {
  await page.goto('/?scenario=home-isp-blocks-25&trainer');
  await expect(page.getByRole('region', { name: 'Trainer' })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  await page.getByRole('button', { name: 'Presenter mode' }).click();
  await expect(page.locator('html')).toHaveClass(/presenter/);
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('the botnet demonstration has no axe violations', async ({ page }) => {
  await page.goto('/?demo=botnet&hosts=500');
  await expect(page.getByRole('heading', { name: /a botnet at work/ })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('the scenario editor and a loaded playback have no axe violations', async ({ page }) => {
  await page.goto('/?scenario=home-isp-blocks-25&trainer&editor');
  await expect(page.getByRole('region', { name: 'Scenario editor' })).toBeVisible();
  const playback = page.getByRole('region', { name: 'Step-through playback' });
  await playback.getByRole('textbox', { name: /Script/ }).fill('telnet mx.example.org 25');
  await playback.getByRole('button', { name: 'Load' }).click();
  await expect(playback.getByText(/Step 1 of/)).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});
