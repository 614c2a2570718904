import { expect, test } from '@playwright/test';
import { TerminalPage } from './terminal.page.ts';

test('a whole mail transaction typed by hand is queued', async ({ page }) => {
  const terminal = new TerminalPage(page);
  await terminal.open();

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
  await terminal.open();

  await terminal.type('EHLO laptop.example.net');
  await terminal.type('MAIL FROM:<alice@example.net>');
  await terminal.type('RCPT TO:<carol@example.com>');
  await terminal.seeReply(554, '5.7.1 <carol@example.com>: Relay access denied');
});

test('client and server lines are told apart by text, and history recalls lines', async ({
  page,
}) => {
  const terminal = new TerminalPage(page);
  await terminal.open();

  await terminal.type('NOOP');
  await terminal.see('C: NOOP');
  await terminal.seeReply(250, '2.0.0 Ok');
  await terminal.command.press('ArrowUp');
  await expect(terminal.command).toHaveValue('NOOP');
  await terminal.command.press('ArrowDown');
  await expect(terminal.command).toHaveValue('');
});

test('STARTTLS is simulated and the profile selector reconnects', async ({ page }) => {
  const terminal = new TerminalPage(page);
  await terminal.open();

  await terminal.chooseProfile('submission');
  await terminal.see('Connected to mx.example.org port 587.');
  await terminal.type('EHLO laptop.example.net');
  await terminal.type('STARTTLS');
  await terminal.seeReply(220, '2.0.0 Ready to start TLS');
  await terminal.see('TLS handshake complete (TLSv1.3, TLS_AES_256_GCM_SHA384)');
  await terminal.type('QUIT');
  await terminal.see('Connection closed by foreign host.');
  await terminal.type('reconnect');
  await expect(terminal.transcript.getByText('Connected to mx.example.org port 587.')).toHaveCount(
    2,
  );
});
