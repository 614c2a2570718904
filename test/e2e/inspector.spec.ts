import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { TerminalPage } from './terminal.page.ts';

test('explain tells what a 554 5.7.1 relay refusal means and what to do', async ({ page }) => {
  const terminal = new TerminalPage(page);
  await terminal.telnet('datacenter-direct', 'mx.example.org', 25);
  await terminal.type('EHLO laptop.example.net');
  await terminal.type('MAIL FROM:<alice@example.net>');
  await terminal.type('RCPT TO:<carol@example.com>');
  await terminal.transcript
    .getByText('S: 554 5.7.1 <carol@example.com>: Relay access denied')
    .click();
  const panel = page.getByRole('tabpanel');
  await expect(panel).toContainText('Reply code 554');
  await expect(panel).toContainText('Permanent Negative Completion');
  await expect(panel).toContainText('Enhanced code 5.7.1');
  await expect(panel).toContainText(
    'Security or Policy Status: Delivery not authorized, message refused',
  );
  await expect(panel).toContainText('bounces the message to its sender');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('the eavesdropper reads plaintext and a decoded AUTH PLAIN before STARTTLS, only TLS records after', async ({
  page,
}) => {
  const terminal = new TerminalPage(page);
  await terminal.open('home-isp-blocks-25');
  await terminal.type('telnet smtp.example.net 587');
  await terminal.type('EHLO laptop');
  await terminal.type('AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AHMzY3JldA==');
  await terminal.type('QUIT');
  await terminal.type(
    'swaks --to bob@example.org --from alice@example.net --server smtp.example.net --port 587 --tls --auth-user alice@example.net --auth-password s3cret',
  );
  await page.getByRole('tab', { name: 'Eavesdropper' }).click();
  await page.getByRole('combobox', { name: 'Listening on' }).selectOption({ label: 'ISP edge' });
  const seen = page.getByRole('tabpanel');
  await expect(seen).toContainText('#1 C: EHLO laptop');
  await expect(seen).toContainText('base64 of user "alice@example.net", password "s3cret"');
  await expect(seen).toContainText('#2 C: STARTTLS');
  await expect(seen).toContainText('#2 TLS handshake: from here on only encrypted records');
  await expect(seen).toContainText('#2 C: [TLS application data,');
  await expect(seen).not.toContainText('#2 C: MAIL FROM');
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);

  await page.getByRole('tab', { name: 'Logs' }).click();
  await page.getByRole('combobox', { name: 'Show' }).selectOption('mx.example.org');
  await expect(page.getByRole('tabpanel')).toContainText(
    'connect from smtp.example.net[192.0.2.87]',
  );
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});

test('the protocol pane follows the server statechart through STARTTLS and AUTH', async ({
  page,
}) => {
  const terminal = new TerminalPage(page);
  await terminal.open('datacenter-direct');
  await terminal.type('openssl s_client -connect smtp.example.net:587 -starttls smtp -crlf -quiet');
  await terminal.type('EHLO laptop');
  await terminal.type('AUTH PLAIN AGFsaWNlQGV4YW1wbGUubmV0AHMzY3JldA==');
  await terminal.type('MAIL FROM:<alice@example.net>');
  await terminal.seeReply(250, '2.1.0 Ok');
  await page.getByRole('tab', { name: 'Protocol' }).click();
  const panel = page.getByRole('tabpanel');
  await expect(panel).toContainText(
    'Mail transaction; TLS on; authenticated as alice@example.net.',
  );
  await expect(panel).toContainText(
    'awaitingHello → ready → tlsHandshake → awaitingHello → ready → mailTransaction',
  );
  await expect(page.getByRole('img', { name: /statechart; now: mailTransaction/ })).toBeVisible();
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
});
