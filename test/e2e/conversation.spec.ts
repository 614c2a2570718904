import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { TerminalPage } from './terminal.page.ts';

test('a whole mail transaction typed by hand in telnet is queued', async ({ page }) => {
  const terminal = new TerminalPage(page);
  await terminal.telnet('datacenter-direct', 'mx.example.org', 25);

  await terminal.type('EHLO laptop.example.net');
  await terminal.seeReply(250, 'CHUNKING');
  await terminal.type('MAIL FROM:<alice@example.net>');
  await terminal.seeReply(250, '2.1.0 Ok');
  await terminal.type('RCPT TO:<bob@example.org>');
  await terminal.seeReply(250, '2.1.5 Ok');
  await terminal.type('DATA');
  await terminal.seeReply(354);
  for (const line of ['Subject: Hello', '', 'Hi Bob, this came by hand.']) {
    await terminal.type(line);
  }
  await terminal.type('.');
  await terminal.seeReply(250, '2.0.0 Ok: queued as');
  await terminal.type('QUIT');
  await terminal.seeReply(221, '2.0.0 Bye');
  await terminal.see('Connection closed by foreign host.');
});

test('relaying to a foreign domain is refused', async ({ page }) => {
  const terminal = new TerminalPage(page);
  await terminal.telnet('datacenter-direct', 'mx.example.org', 25);

  await terminal.type('EHLO laptop.example.net');
  await terminal.type('MAIL FROM:<alice@example.net>');
  await terminal.type('RCPT TO:<carol@example.com>');
  await terminal.seeReply(554, '5.7.1 <carol@example.com>: Relay access denied');
});

test('typed lines and replies are told apart by text, and history recalls commands', async ({
  page,
}) => {
  const terminal = new TerminalPage(page);
  await terminal.telnet('datacenter-direct', 'mx.example.org', 25);

  await terminal.type('NOOP');
  await terminal.see('C: NOOP');
  await terminal.seeReply(250, '2.0.0 Ok');
  await terminal.type('QUIT');
  await terminal.command.press('ArrowUp');
  await expect(terminal.command).toHaveValue('telnet mx.example.org 25');
  await terminal.command.press('ArrowDown');
  await expect(terminal.command).toHaveValue('');
});

test('the blocked-port story: telnet to port 25 from home stops at the ISP in the diagram', async ({
  page,
}) => {
  const terminal = new TerminalPage(page);
  await terminal.open('home-isp-blocks-25');
  await terminal.type('telnet mx.example.org 25');
  await terminal.see('(133 s pass)');
  await terminal.see('telnet: Unable to connect to remote host: Connection timed out');
  await terminal.seeHop('ISP edge', 'dropped here');
  await terminal.seeHop('home router', 'passed');
  await terminal.seeHop('internet', 'not reached');
});

test('submission with swaks: STARTTLS locks the path and the MX log shows the relay', async ({
  page,
}) => {
  const terminal = new TerminalPage(page);
  await terminal.open('home-isp-blocks-25');
  await terminal.type(
    'swaks --to bob@example.org --from alice@example.net --server smtp.example.net --port 587 --tls --auth-user alice@example.net --auth-password s3cret',
  );
  await terminal.see('=== TLS started with cipher TLSv1.3:TLS_AES_256_GCM_SHA384:256');
  await terminal.see('<~  235 2.7.0 Authentication successful');
  await expect(page.getByText('To smtp.example.net port 587, encrypted with TLS')).toBeVisible();
  await terminal.seeHop('smtp.example.net border', 'connected');
  await terminal.type('logs mx.example.org');
  await terminal.see('connect from smtp.example.net[192.0.2.87]');
});

test('the scenario picker opens a fresh world and keeps it in the address', async ({ page }) => {
  const terminal = new TerminalPage(page);
  await terminal.open();
  await terminal.chooseScenario('The MX greylists strangers');
  await expect(page).toHaveURL(/\?scenario=greylisting$/);
  await terminal.type('swaks --to bob@example.org --server mx.example.org --quit-after RCPT');
  await terminal.see('<** 450 4.2.0 <bob@example.org>: Recipient address rejected: Greylisted');
});

test('command history survives a reload; a corrupt saved history is reset with a notice', async ({
  page,
}) => {
  const terminal = new TerminalPage(page);
  await terminal.open('datacenter-direct');
  await terminal.type('dig MX example.org');
  await terminal.see('ANSWER SECTION');
  await page.reload();
  await expect(terminal.command).toBeVisible();
  await terminal.command.press('ArrowUp');
  await expect(terminal.command).toHaveValue('dig MX example.org');

  await page.evaluate(() => localStorage.setItem('port25lab.history', '{not json'));
  await page.reload();
  await terminal.see('Your saved command history could not be read, so it was started afresh.');
  await terminal.type('help');
  await terminal.see('Tools (each answers as the real one does)');
});

test('Tab completes commands and hosts; a pasted block runs line by line', async ({ page }) => {
  const terminal = new TerminalPage(page);
  await terminal.open('datacenter-direct');
  await terminal.command.fill('teln');
  await terminal.command.press('Tab');
  await expect(terminal.command).toHaveValue('telnet ');
  await terminal.command.pressSequentially('mx.ex');
  await terminal.command.press('Tab');
  // mx.example.org and mx.example.com share "mx.example.": both are listed.
  await expect(terminal.command).toHaveValue('telnet mx.example.');
  await terminal.see('mx.example.org  mx.example.com');
  await terminal.command.pressSequentially('o');
  await terminal.command.press('Tab');
  await expect(terminal.command).toHaveValue('telnet mx.example.org ');
  await terminal.command.pressSequentially('25');
  await terminal.command.press('Enter');
  await terminal.seeReply(220);
  await terminal.command.focus();
  await page.evaluate(() => {
    const input = document.getElementById('command')!;
    const data = new DataTransfer();
    data.setData('text/plain', 'EHLO laptop\nNOOP\nQUIT\n');
    input.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  });
  await terminal.see('C: NOOP');
  await terminal.seeReply(221, '2.0.0 Bye');
});

test('on a phone: one pane at a time, and a palette for what is hard to type', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const terminal = new TerminalPage(page);
  await terminal.open('home-isp-blocks-25');
  await expect(page.getByRole('region', { name: 'Network path' })).toBeHidden();
  await page
    .getByRole('group', { name: 'Palette' })
    .getByRole('button', { name: 'telnet' })
    .click();
  await expect(terminal.command).toHaveValue('telnet mx.example.org 25');
  await terminal.command.press('Enter');
  await terminal.see('Connection timed out');
  await page
    .getByRole('navigation', { name: 'Panes' })
    .getByRole('button', { name: 'Network path' })
    .click();
  await expect(terminal.transcript).toBeHidden();
  await terminal.seeHop('ISP edge', 'dropped here');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('virtual time can be played slowly and skipped', async ({ page }) => {
  const terminal = new TerminalPage(page);
  await terminal.open('home-isp-blocks-25');
  await page
    .getByRole('combobox', { name: 'Virtual time' })
    .selectOption({ label: 'played slowly (1 s = 0.1 s)' });
  await terminal.type('telnet mx.example.org 25');
  await terminal.see('(133 s pass)');
  await expect(terminal.transcript).not.toContainText('Connection timed out');
  await page.getByRole('button', { name: 'Skip wait' }).click();
  await terminal.see('telnet: Unable to connect to remote host: Connection timed out');
  await terminal.seeHop('ISP edge', 'dropped here');
});
