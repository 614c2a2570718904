import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { LessonPage } from './lesson.page.ts';

const SAY_EHLO = [
  'telnet mx.example.org 25',
  'EHLO laptop.example.net',
  'MAIL FROM:<alice@example.net>',
  'RCPT TO:<bob@example.org>',
  'DATA',
  'Subject: typed in the browser',
  '',
  'Hello Bob.',
  '.',
  'QUIT',
];

test('a lesson played by typing ticks its goals, and the progress survives an offline reload', async ({
  page,
  context,
}) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson('say-ehlo', 'Say EHLO');
  await lesson.seeGoalsMet(0, 6);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller)
      await new Promise((resolve) =>
        navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }),
      );
  });

  await lesson.type(SAY_EHLO[0]!);
  await lesson.seeReply(220);
  await expect(await lesson.goal('220 greeting')).toContainText('Done:');
  await lesson.seeGoalsMet(1, 6);
  // The prediction, made before DATA is sent, by a click on its choice.
  await lesson.choice('354, asking for the message, which ends with a lone dot.').click();
  await lesson.seeGoalsMet(2, 6);
  for (const line of SAY_EHLO.slice(1)) await lesson.type(line);
  await lesson.seeGoalsMet(6, 6);
  await expect(lesson.goalsStatus).toContainText('lesson complete');

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { level: 2, name: 'Say EHLO' })).toBeVisible();
  await lesson.seeGoalsMet(6, 6);
  await context.setOffline(false);
});

test('the hint ladder ends by putting the next step into the input, never running it', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson('say-ehlo', 'Say EHLO');
  await lesson.type('telnet mx.example.org 25');
  await lesson.seeReply(220);
  for (let step = 1; step <= 3; step++)
    await lesson.panel.getByRole('button', { name: `Show a hint (${step} of 4)` }).click();
  await lesson.panel.getByRole('button', { name: 'Put the next step in the input' }).click();
  await expect(lesson.command).toHaveValue('EHLO laptop.example.net');
  await expect(lesson.panel).toContainText('The next line for the running session is in the input');
  await lesson.seeGoalsMet(1, 6);
});

test('progress exported to a file, cleared, and imported again is restored; a bad file changes nothing', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson('say-ehlo', 'Say EHLO');
  await lesson.type('telnet mx.example.org 25');
  await lesson.type('EHLO laptop.example.net');
  await lesson.seeGoalsMet(2, 6);

  await lesson.openMap();
  const download = page.waitForEvent('download');
  await lesson.panel.getByRole('button', { name: 'Export progress' }).click();
  const file = await (await download).path();
  expect(JSON.parse(readFileSync(file, 'utf8')).lessons['say-ehlo'].goals).toHaveLength(2);

  await page.evaluate(() => localStorage.removeItem('port25lab.progress'));
  await page.reload();
  await lesson.seeGoalsMet(0, 6);

  await lesson.openMap();
  const importer = lesson.panel.getByLabel('Import progress');
  await importer.setInputFiles({
    name: 'notes.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"hello": "world"}'),
  });
  await expect(lesson.panel.getByRole('alert')).toContainText(
    'notes.json: This JSON file is not a progress file exported by Port 25 Lab. Nothing was changed.',
  );
  await lesson.seeGoalsMet(0, 6);

  await importer.setInputFiles(file);
  await expect(lesson.panel.getByRole('status').filter({ hasText: 'Imported' })).toContainText(
    'Imported progress for 1 lessons.',
  );
  await lesson.seeGoalsMet(2, 6);
  await page.reload();
  await lesson.seeGoalsMet(2, 6);
});

test('a corrupt progress record is set aside with a notice, never a broken page', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('port25lab.progress', '{"version":1,"less'));
  await lesson.openLesson('say-ehlo', 'Say EHLO');
  await lesson.see('Your saved lesson progress could not be read');
  await lesson.seeGoalsMet(0, 6);
});

test('picking another scenario leaves the lesson for the sandbox', async ({ page }) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson('say-ehlo', 'Say EHLO');
  await lesson.chooseScenario('Your ISP drops port 25');
  await expect(page).toHaveURL(/\?scenario=home-isp-blocks-25$/);
  await expect(page.getByRole('complementary', { name: 'Try this' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Say EHLO' })).toHaveCount(0);
});
