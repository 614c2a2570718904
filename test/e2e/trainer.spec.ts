import { expect, test } from '@playwright/test';
import { TrainerPage } from './trainer.page.ts';

test('presenter mode: large type, high contrast, lesson text hidden; on and off by keyboard', async ({
  page,
}) => {
  const trainer = new TrainerPage(page);
  await trainer.open('home-isp-blocks-25');
  const rootSize = () =>
    page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const normal = await rootSize();
  await page.keyboard.press('Alt+Shift+P');
  await expect(page.locator('html')).toHaveClass(/presenter/);
  await expect(trainer.panel.getByRole('button', { name: 'Presenter mode' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  expect(await rootSize()).toBeGreaterThan(normal * 1.3);
  await expect(page.getByRole('complementary', { name: 'Try this' })).toBeHidden();
  await expect(page.getByText('Send mail the way sysadmins test it')).toBeHidden();
  await page.keyboard.press('Alt+Shift+P');
  await expect(page.locator('html')).not.toHaveClass(/presenter/);
  await expect(page.getByRole('complementary', { name: 'Try this' })).toBeVisible();

  await page.goto('/?scenario=home-isp-blocks-25&present');
  await expect(page.locator('html')).toHaveClass(/presenter/);
  await expect(trainer.panel).toBeVisible();
});

test('ISP port 25 switch: open lets the next telnet through, reject refuses it; the diagram shows the policy', async ({
  page,
}) => {
  const trainer = new TrainerPage(page);
  await trainer.openTrainer('home-isp-blocks-25');
  await trainer.seeHop('ISP edge', 'set to: drops TCP/25');
  await trainer.choose(/Port 25 at your network edge/, 'open');
  await trainer.session('mx.example.org', 25, 'QUIT');
  await trainer.seeHop('ISP edge', 'passed');

  await trainer.choose(/Port 25 at your network edge/, 'reject');
  await trainer.type('telnet mx.example.org 25');
  await trainer.see('telnet: Unable to connect to remote host: Connection refused');
  await trainer.seeHop('ISP edge', 'ISP edge refuses TCP/25 (SMTP) with a TCP reset');

  // Alt+1 moves the same switch on (reject -> throttle).
  await page.keyboard.press('Alt+1');
  await expect(trainer.panel.getByRole('combobox', { name: /Port 25/ })).toHaveValue('throttle');
});

test('server switches change the next session: relay deferred, greylisting, blocklist, rate limit', async ({
  page,
}) => {
  const trainer = new TrainerPage(page);
  await trainer.openTrainer('datacenter-direct');
  const mail = ['EHLO laptop', 'MAIL FROM:<alice@example.net>'];

  await trainer.choose(/mail for other domains/, 'defer');
  await trainer.session('mx.example.org', 25, ...mail, 'RCPT TO:<carol@example.com>', 'QUIT');
  await trainer.seeReply(454, '4.7.1 <carol@example.com>: Relay access denied');

  await trainer.toggle(/Greylisting/);
  await trainer.session('mx.example.org', 25, ...mail, 'RCPT TO:<bob@example.org>', 'QUIT');
  await trainer.seeReply(450, '4.2.0 <bob@example.org>: Recipient address rejected: Greylisted');

  await trainer.toggle(/Greylisting/);
  await trainer.toggle(/blocklist/);
  await trainer.session('mx.example.org', 25, ...mail, 'RCPT TO:<bob@example.org>', 'QUIT');
  await trainer.seeReply(554, '5.7.1 Service unavailable; Client host [203.0.113.10] blocked');

  await trainer.toggle(/blocklist/);
  await trainer.toggle(/rate limit/);
  for (let i = 0; i < 4; i++) {
    await trainer.type('telnet mx.example.org 25');
    await trainer.type('QUIT');
  }
  await trainer.seeReply(421, '4.7.0 mx.example.org Error: too many connections from 203.0.113.10');
});

test('TLS on submission and STARTTLS stripping change what the next client meets', async ({
  page,
}) => {
  const trainer = new TrainerPage(page);
  await trainer.openTrainer('home-isp-blocks-25');
  await trainer.toggle(/TLS required on submission/);
  await trainer.session('smtp.example.net', 587, 'EHLO laptop', 'MAIL FROM:<alice@example.net>');
  await trainer.seeReply(250, '2.1.0 Ok');
  await trainer.type('QUIT');

  await trainer.toggle(/strips STARTTLS/);
  await trainer.session('smtp.example.net', 587, 'EHLO laptop');
  await expect(trainer.transcript.getByText('S: 250-XXXXXXXA')).toBeVisible();
  await trainer.seeHop('internet', 'rewrites STARTTLS');
});

test('a share link carries the switched scenario and the commands; a tampered one is refused', async ({
  page,
  context,
}) => {
  const trainer = new TrainerPage(page);
  await trainer.openTrainer('home-isp-blocks-25');
  await trainer.choose(/Port 25 at your network edge/, 'open');
  await trainer.session('mx.example.org', 25, 'QUIT');
  await trainer.panel.getByRole('button', { name: 'Copy share link' }).click();
  const link = await trainer.panel.getByRole('textbox', { name: /The link/ }).inputValue();
  expect(new URL(link).searchParams.get('scenario')).toMatch(/^s1\./);
  await expect(
    trainer.panel.getByRole('img', { name: 'QR code of the share link, for the room to scan' }),
  ).toBeVisible();

  const student = new TrainerPage(await context.newPage());
  await student.page.goto(link);
  await student.see('This link types 2 command lines for you:');
  await student.seeReply(220, 'mx.example.org ESMTP');
  await student.seeReply(221, '2.0.0 Bye');
  await student.seeHop('ISP edge', 'passed');

  const url = new URL(link);
  const shared = url.searchParams.get('scenario')!;
  url.searchParams.set(
    'scenario',
    shared.slice(0, -8) + (shared.at(-8) === 'A' ? 'B' : 'A') + shared.slice(-7),
  );
  await student.page.goto(url.href);
  await student.see('This link could not be opened: the scenario in this link');
  await student.see('runs nothing from it.');
  await expect(student.transcript).not.toContainText('telnet mx.example.org 25');
});

test('step-through playback: one packet at a time, forward and back, narrated', async ({
  page,
}) => {
  const trainer = new TrainerPage(page);
  await trainer.openTrainer('home-isp-blocks-25');
  const playback = page.getByRole('region', { name: 'Step-through playback' });
  await playback
    .getByRole('textbox', { name: /Script/ })
    .fill('telnet mx.example.org 25\ntelnet smtp.example.net 587\nEHLO laptop\nQUIT');
  await playback.getByRole('button', { name: 'Load' }).click();
  const narration = playback.locator('.playback-step');
  await expect(narration).toContainText('Step 1 of');
  await expect(narration).toContainText('You run telnet mx.example.org 25.');
  const forward = playback.getByRole('button', { name: 'Step forward' });
  await forward.click();
  await expect(narration).toContainText(
    'laptop sends a SYN to mx.example.org (198.51.100.25) on port 25 (SMTP).',
  );
  for (let i = 0; i < 4; i++) await forward.click();
  await expect(narration).toContainText('ISP edge drops the SYN without a word');
  const hops = playback.getByRole('listitem');
  await expect(hops.filter({ hasText: 'ISP edge' })).toContainText('dropped here');

  await playback.getByRole('button', { name: 'Step back' }).click();
  await expect(narration).toContainText('The SYN reaches ISP edge.');
  await expect(hops.filter({ hasText: 'ISP edge' })).not.toContainText('dropped here');

  for (let i = 0; i < 12; i++) await forward.click();
  await expect(narration).toContainText(/S: 250|C: EHLO laptop|SYN-ACK|S: 220/);
});

test('a scenario edited, checked as typed, opened, exported, imported and shared by link', async ({
  page,
  context,
}) => {
  const trainer = new TrainerPage(page);
  await page.goto('/?scenario=datacenter-direct&trainer&editor');
  const editor = page.getByRole('region', { name: 'Scenario editor' });
  const status = editor.locator('#editor-problem');
  await expect(status).toContainText('Valid: ready to open, save or share.');

  await editor.getByRole('textbox', { name: 'Title' }).fill('');
  await expect(status).toContainText('Not valid yet: title: must be a non-empty string');
  await expect(editor.getByRole('button', { name: 'Open in the lab' })).toBeDisabled();
  await editor.getByRole('textbox', { name: 'Title' }).fill('Filtered datacenter');
  await editor
    .getByRole('combobox', { name: "The learner's machine is" })
    .selectOption('datacenter');
  await editor.getByRole('button', { name: 'Add a rule at datacenter-edge' }).click();
  const ports = editor.getByRole('textbox', { name: 'Ports' });
  await ports.fill('25, smtp');
  await expect(status).toContainText('path.datacenter-edge[0].ports: must be a list of TCP ports');
  await expect(ports).toHaveAttribute('aria-invalid', 'true');
  await ports.fill('25');
  await editor.getByRole('combobox', { name: 'Action' }).selectOption('reject-reset');
  await expect(status).toContainText('Valid');

  await editor.getByRole('button', { name: 'Open in the lab' }).click();
  await trainer.type('telnet mx.example.org 25');
  await trainer.see('telnet: Unable to connect to remote host: Connection refused');

  const download = page.waitForEvent('download');
  await editor.getByRole('button', { name: 'Export JSON' }).click();
  const file = await (await download).path();
  await editor.getByRole('textbox', { name: 'Title' }).fill('Changed after export');
  const importer = editor.getByLabel('Import JSON');
  await importer.setInputFiles({
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from('[1,2]'),
  });
  await expect(editor.getByRole('alert')).toContainText(
    'bad.json: This JSON file is not a scenario exported by Port 25 Lab. Nothing was changed.',
  );
  await expect(editor.getByRole('textbox', { name: 'Title' })).toHaveValue('Changed after export');
  await importer.setInputFiles(file);
  await expect(editor.getByRole('textbox', { name: 'Title' })).toHaveValue('Filtered datacenter');

  await editor.getByRole('button', { name: 'Share link' }).click();
  const link = await editor.getByRole('textbox', { name: 'The link' }).inputValue();
  const student = new TrainerPage(await context.newPage());
  await student.page.goto(link);
  await expect(student.page.getByRole('combobox', { name: 'Scenario' })).toContainText(
    'Filtered datacenter',
  );
  await student.type('telnet mx.example.org 25');
  await student.see('Connection refused');
});

test("playback takes an open lesson's reference solution", async ({ page }) => {
  await page.goto('/?lesson=say-ehlo&trainer');
  const playback = page.getByRole('region', { name: 'Step-through playback' });
  await playback.getByRole('button', { name: "Take the lesson's solution" }).click();
  await expect(playback.getByRole('textbox', { name: /Script/ })).toHaveValue(
    /^telnet mx\.example\.org 25\nEHLO/,
  );
  await playback.getByRole('button', { name: 'Load' }).click();
  await expect(playback.locator('.playback-step')).toContainText(
    'You run telnet mx.example.org 25.',
  );
  await playback.getByRole('combobox', { name: 'Pace' }).selectOption('600');
  await playback.getByRole('button', { name: 'Play' }).click();
  await expect(playback.locator('.playback-step')).toContainText('SYN-ACK', { timeout: 10_000 });
});
