// The learning workspace, as a learner meets it at 1366×768, 1920×1080 and on a 390×844 phone:
// the lesson, the prompt and the path on one screen; watching that counts for nothing; no
// fault given away; hints that fit the state; quiz feedback; reset and continue.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { lessonsDir, loadLessons } from '../../src/adapters/lessons/load-lessons.ts';
import { LessonPage } from './lesson.page.ts';

const lessons = loadLessons();
const watched = lessons.filter((l) => l.watch.length > 0);
const concealed = lessons.filter((l) => l.conceal);

async function noAxeViolations(page: Page): Promise<void> {
  expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
}

for (const [width, height] of [
  [1366, 768],
  [1920, 1080],
] as const) {
  test(`at ${width}×${height} every lesson has its goals, the prompt and the path on the first screen, and nothing jumps`, async ({
    page,
  }) => {
    test.setTimeout(120_000);
    await page.setViewportSize({ width, height });
    const lesson = new LessonPage(page);
    for (const l of lessons) {
      await lesson.openLesson(l.id, l.title);
      await expect(lesson.currentGoal).toBeInViewport({ ratio: 1 });
      await expect(lesson.goals.first()).toBeInViewport({ ratio: 1 });
      await expect(lesson.command).toBeInViewport({ ratio: 1 });
      await expect(lesson.diagram).toBeInViewport({ ratio: 1 });
      await expect(lesson.transcript.getByText(l.scenario.title).first()).toBeInViewport();
      expect(await page.evaluate('window.scrollY'), l.id).toBe(0);
      await lesson.seeNoSidewaysScroll();
    }
    await noAxeViolations(page);
  });
}

test('on a phone the terminal names the lesson and its goal, keeps the progress in view and announces a met goal', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const lesson = new LessonPage(page);
  await page.goto('/?lesson=say-ehlo');
  await expect(lesson.strip).toBeVisible();
  await expect(lesson.strip).toContainText('Lesson 1: Say EHLO');
  await expect(lesson.strip).toContainText('0 of 6 goals');
  await expect(lesson.strip).toContainText('Now: Connect to mx.example.org on port 25');
  await lesson.type('telnet mx.example.org 25');
  await expect(lesson.strip).toContainText('1 of 6 goals');
  await expect(page.getByRole('status').filter({ hasText: 'Goal met:' })).toHaveText(
    /^Goal met: Connect to mx\.example\.org on port 25 and read its 220 greeting\. 1 of 6 goals met\.$/,
  );
  await expect(lesson.command).toBeInViewport();
  await noAxeViolations(page);
  await lesson.strip.getByRole('button', { name: 'Read the lesson' }).click();
  await expect(lesson.panel).toBeVisible();
  await expect(lesson.currentGoal).toBeInViewport();
  await noAxeViolations(page);
});

test('on a phone the last hint and Watch it show the terminal they act in', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const lesson = new LessonPage(page);
  await page.goto('/?lesson=say-ehlo');
  await lesson.showPane('Lesson');
  await lesson.askForNextStep();
  await expect(lesson.command).toBeVisible();
  await expect(lesson.command).toHaveValue('telnet mx.example.org 25');
  await lesson.showPane('Lesson');
  await lesson.panel.getByRole('button', { name: /^Watch it/ }).click();
  await expect(lesson.transcript).toBeVisible();
  await expect(lesson.command).toHaveAttribute('readonly', '');
  await lesson.see('Your turn: the world has started afresh');
});

test('nothing scrolls sideways at 320 px, in any pane of any lesson', async ({ page }) => {
  test.setTimeout(180_000);
  await page.setViewportSize({ width: 320, height: 640 });
  const lesson = new LessonPage(page);
  for (const l of lessons) {
    await lesson.openLesson(l.id, l.title);
    for (const pane of ['Lesson', 'Terminal', 'Network path', 'Inspector'] as const) {
      await lesson.showPane(pane);
      await lesson.seeNoSidewaysScroll();
    }
  }
});

for (const l of watched) {
  test(`watching ${l.id} meets no goal, and nothing of it is saved`, async ({ page }) => {
    test.setTimeout(90_000);
    const lesson = new LessonPage(page);
    await lesson.openLesson(l.id, l.title);
    const buttons = lesson.panel.getByRole('button', { name: /^Watch it/ });
    for (let i = 0; i < l.watch.length; i++) {
      await buttons.nth(i).click();
      await expect(lesson.panel.getByRole('button', { name: 'Stop watching' }).first()).toBeHidden({
        timeout: 60_000,
      });
      await lesson.seeGoalsMet(0, l.goals.length);
    }
    await page.reload();
    await lesson.seeGoalsMet(0, l.goals.length);
  });
}

/** What a concealed lesson must not print before the learner finds it: the hops' rules and
 * the words of the scenario it is built on. */
function spoilers(lessonId: string): string[] {
  const source = readFileSync(
    path.join(
      lessonsDir,
      lessons
        .find((l) => l.id === lessonId)!
        .order.toString()
        .padStart(2, '0') +
        '-' +
        lessonId,
      'lesson.md',
    ),
    'utf8',
  );
  const base = /base: ([a-z0-9-]+)/.exec(source)![1]!;
  const scenario = JSON.parse(
    readFileSync(path.join(lessonsDir, 'scenarios', `${base}.json`), 'utf8'),
  ) as { title: string; summary: string };
  return [
    scenario.title,
    scenario.summary,
    'drops TCP',
    'resets TCP',
    'refuses TCP',
    'strips STARTTLS',
    'set to:',
  ];
}

test('a lesson whose fault is to be found gives nothing of it away before the trace shows it', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  for (const l of concealed) {
    await lesson.openLesson(l.id, l.title);
    await expect(lesson.diagram).toBeVisible();
    // Everything on the page but the quiz, whose choices name candidate faults by design.
    const html = String(
      await page.evaluate(
        "(() => { const c = document.body.cloneNode(true); c.querySelectorAll('fieldset').forEach((f) => f.remove()); return c.innerHTML; })()",
      ),
    );
    for (const spoiler of spoilers(l.id))
      expect(html, `${l.id}: "${spoiler}"`).not.toContain(spoiler);
  }
  // Once the learner has hit the block, the path marks where, as traceroute would, but keeps
  // the rule to itself: the learner is to work out why.
  await lesson.openLesson('isp-drops-25', 'The ISP drops port 25');
  await lesson.type('telnet mx.example.org 25');
  await lesson.seeHop('ISP edge', 'dropped here');
  await expect(lesson.hops.filter({ hasText: 'ISP edge' })).not.toContainText('silently');
  await expect(page.getByText('stopped at ISP edge')).toBeVisible();
});

test('a lesson without logs or eavesdrop has no pane for them either', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const lesson = new LessonPage(page);
  await lesson.openLesson('only-your-terminal', 'Only your own terminal');
  await expect(page.getByRole('tab', { name: 'Explain' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Logs' })).toHaveCount(0);
  await expect(page.getByRole('tab', { name: 'Eavesdropper' })).toHaveCount(0);
  await lesson.openLesson('say-ehlo', 'Say EHLO');
  await expect(page.getByRole('tab', { name: 'Logs' })).toBeVisible();
});

test('the last hint fits where the learner is: a session line inside telnet, a command at the prompt', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson('say-ehlo', 'Say EHLO');
  await lesson.type('telnet mx.example.org 25');
  await lesson.seeReply(220);
  await lesson.type('QUIT');
  await lesson.see('Connection closed by foreign host.');
  await lesson.askForNextStep();
  await expect(lesson.command).toHaveValue('telnet mx.example.org 25');
  await expect(lesson.panel).toContainText('The next command is in the input');
  await lesson.command.press('Enter');
  await lesson.seeReply(220);
  await lesson.askForNextStep();
  await expect(lesson.command).toHaveValue('EHLO laptop.example.net');
  await expect(lesson.panel).toContainText('The next line for the running session is in the input');
  // The hints render their markdown, and are read out as they appear.
  await expect(
    lesson.panel
      .getByRole('list')
      .filter({ hasText: 'telnet mx.example.org 25' })
      .locator('code')
      .first(),
  ).toBeVisible();
  await expect(lesson.panel.locator('[aria-live="polite"]').first()).toBeAttached();
});

test('a quiz answer gets the same verdict and explanation by click and by `answer`; a choice that does not exist is refused', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson('say-ehlo', 'Say EHLO');
  await lesson.type('answer dot 9');
  await lesson.see('answer: question "dot" has choices 1 to 3');
  await lesson.type('answer nope 1');
  await lesson.see('answer: no question "nope" in this lesson (its questions: after-data, dot)');

  await lesson.choice('The dot tells the server to encrypt').click();
  await expect(lesson.panel.getByRole('status').filter({ hasText: 'Not quite.' })).toContainText(
    'Encryption is the job of STARTTLS',
  );
  const right = lesson.choice('SMTP has no length field');
  const number = (await right.innerText()).split('.')[0]!;
  await lesson.type(`answer dot ${number}`);
  await lesson.see('Right. RFC 5321 §4.1.1.4');
  await expect(lesson.panel.getByRole('status').filter({ hasText: 'Right.' })).toContainText(
    'RFC 5321 §4.1.1.4',
  );
  await expect(right).toHaveAttribute('aria-pressed', 'true');
  await noAxeViolations(page);
});

test("the choices are in an order of the learner's own, the same after a reload", async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson('capstone', "Capstone: Alice can't send");
  // The question every fault of the pool shares (the one naming the fault depends on it).
  const question = lesson.panel.getByRole('group').filter({ hasText: 'Is sending on 465' });
  const order = () => question.getByRole('button').allInnerTexts();
  const first = await order();
  await page.reload();
  await expect(question).toBeVisible();
  expect(await order()).toEqual(first);
  await page.evaluate(() => localStorage.removeItem('port25lab.learner'));
  // Another learner (a new id): very likely another order, never another set of choices.
  await page.reload();
  await expect(question).toBeVisible();
  expect([...(await order())].map((t) => t.slice(3)).sort()).toEqual(
    [...first].map((t) => t.slice(3)).sort(),
  );
});

test('continue where you left off, start a lesson again, and a reload keeps the transcript', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson('say-ehlo', 'Say EHLO');
  await lesson.type('telnet mx.example.org 25');
  await lesson.seeGoalsMet(1, 6);
  await lesson.type('EHLO typed.before.reload');
  await lesson.seeGoalsMet(2, 6);
  await page.reload();
  await lesson.see('EHLO typed.before.reload');
  await lesson.see('Reloaded: the lines above are from before');
  await lesson.seeGoalsMet(2, 6);

  await page.goto('/');
  const cont = page.getByRole('link', { name: 'Continue: lesson 1, Say EHLO' });
  await expect(page.getByText('(2 of 6 goals met)')).toBeVisible();
  await cont.click();
  await lesson.seeGoalsMet(2, 6);

  await lesson.panel.getByRole('button', { name: 'Start this lesson again' }).click();
  await noAxeViolations(page);
  await lesson.panel.getByRole('button', { name: 'Yes, start again' }).click();
  await lesson.seeGoalsMet(0, 6);
  await expect(lesson.transcript).not.toContainText('typed.before.reload');
  await page.reload();
  await lesson.seeGoalsMet(0, 6);

  await expect(lesson.panel.getByRole('link', { name: '← Previous' })).toHaveCount(0);
  await lesson.panel.getByRole('link', { name: 'Next →' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Read the reply codes' })).toBeVisible();
  await expect(lesson.panel.getByRole('link', { name: '← Previous' })).toBeVisible();
});

test('reading the log in the Logs pane counts as reading it', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const lesson = new LessonPage(page);
  await lesson.openLesson('relay-denied', 'Relay access denied');
  const goal = lesson.goals.filter({ hasText: /log/i });
  await page.getByRole('tab', { name: 'Logs' }).click();
  await expect(goal).not.toContainText('Done:'); // nothing refused yet: nothing to find
  await lesson.type('telnet mx.example.org 25');
  for (const line of ['EHLO me', 'MAIL FROM:<alice@example.net>', 'RCPT TO:<carol@example.com>'])
    await lesson.type(line);
  await lesson.seeReply(554);
  await expect(goal).toContainText('Done:');
});

test('with the browser storage full, a lesson says its work will not be kept, and still ticks goals', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await page.goto('/');
  await page.evaluate(() => {
    for (const size of [100_000, 10_000, 1_000, 100, 10, 1])
      try {
        for (let i = 0; i < 100_000; i++)
          localStorage.setItem(`fill${size}-${i}`, 'x'.repeat(size));
      } catch {
        // full at this size: go on with smaller ones
      }
  });
  await lesson.openLesson('say-ehlo', 'Say EHLO');
  await lesson.see('This browser is not letting the lab save');
  await lesson.type('telnet mx.example.org 25');
  await lesson.seeGoalsMet(1, 6);
});

test('the capstone draws one fault per attempt, keeps it across a reload, and draws another on request', async ({
  page,
}) => {
  const lesson = new LessonPage(page);
  await lesson.openLesson('capstone', "Capstone: Alice can't send");
  const symptom = lesson.panel
    .getByRole('heading', { name: 'What the user sees' })
    .locator('xpath=following-sibling::p[1]');
  const first = await symptom.innerText();
  expect(first).toMatch(/^Her mail program says: /);
  await page.reload();
  await expect(symptom).toHaveText(first);
  // Nothing on the page names the fault drawn (its id is not in the HTML).
  const html = await page.content();
  for (const id of ['drop-587', 'reset-587', 'icmp-587', 'relay-25', 'no-auth', 'dns-typo'])
    expect(html).not.toContain(id);
  await lesson.panel.getByRole('button', { name: 'Try another fault' }).click();
  await lesson.panel.getByRole('button', { name: 'Yes, another fault' }).click();
  await expect(
    page.getByRole('heading', { level: 2, name: "Capstone: Alice can't send" }),
  ).toBeVisible();
  await expect(symptom).not.toHaveText(first);
  await lesson.seeGoalsMet(0, Number((await lesson.goalsStatus.innerText()).match(/of (\d+)/)![1]));
});
