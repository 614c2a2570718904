// A malformed lesson stops the build with the file and the field that are wrong.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { lessonsDir, loadLessons } from '../../src/adapters/lessons/load-lessons.ts';

const GOOD = readFileSync(path.join(lessonsDir, '01-say-ehlo/lesson.md'), 'utf8');

/** A lessons folder with the real scenarios and glossary, and one lesson file of ours. */
function lessonsWith(source: string, folder = '01-say-ehlo'): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'port25-lessons-'));
  cpSync(path.join(lessonsDir, 'scenarios'), path.join(dir, 'scenarios'), { recursive: true });
  cpSync(path.join(lessonsDir, 'glossary.yaml'), path.join(dir, 'glossary.yaml'));
  mkdirSync(path.join(dir, folder));
  writeFileSync(path.join(dir, folder, 'lesson.md'), source);
  return dir;
}

describe('a lesson file with a problem is refused, naming the file and the field', () => {
  test.each([
    ['a goal with a reply code out of range', ['code: 354', 'code: 999'], 'goals[3].code'],
    ['an unknown topic', ['topics: [smtp-dialogue]', 'topics: [smtp-chat]'], 'topics[0]'],
    [
      'a scenario that does not exist',
      ['scenario: datacenter-direct', 'scenario: moon-base'],
      'scenario',
    ],
    ['a tool the lab does not have', ['tools: [telnet,', 'tools: [putty,'], 'tools[0]'],
    ['an id that is not the folder name', ['id: say-ehlo', 'id: say-helo'], 'id'],
    ['a field the format does not have', ['summary:', 'colour: blue\nsummary:'], 'colour'],
    ['YAML that does not parse', ['title: Say EHLO', 'title: [Say EHLO'], '(frontmatter)'],
    [
      'an explanation that says its own verdict (the app says it: "Right. Right.")',
      ['explain: RFC 5321 §4.1.1.4', 'explain: Right. RFC 5321 §4.1.1.4'],
      'quiz[1].choices[0].explain',
    ],
    [
      'a prediction about a goal the lesson does not have',
      ['predicts: data', 'predicts: dta'],
      'quiz[0].predicts',
    ],
    [
      "a fault concealed behind the base scenario's own words",
      ['tools:', 'conceal: true\ntools:'],
      'scenario',
    ],
    [
      'an attachment that is not in the home directory',
      [
        '    via: mx.example.org\nhints:',
        '    via: mx.example.org\n    attachment: cat.gif\nhints:',
      ],
      'goals[5].attachment: must be a file of the home directory (message.txt, photo-small.jpg, photo.jpg)',
    ],
    [
      'a hint with raw HTML',
      ["  - 'After DATA,", '  - \'<img src=x onerror="alert(1)"> After DATA,'],
      'hints[2]',
    ],
  ])('%s', (_what, [from, to], field) => {
    const dir = lessonsWith(GOOD.replace(from!, to!));
    expect(() => loadLessons(dir)).toThrow(`lessons/01-say-ehlo/lesson.md: ${field}`);
  });

  test('a hop the scenario does not have', () => {
    const source = GOOD.replace(
      '  - id: delivered\n',
      '  - id: stopped\n    text: x\n    kind: blocked\n    hop: isp-edge\n  - id: delivered\n',
    );
    expect(() => loadLessons(lessonsWith(source))).toThrow(
      'lessons/01-say-ehlo/lesson.md: goals[5].hop: is not a hop of this scenario',
    );
  });

  test.each([
    ['raw HTML that would run script', '<img src=x onerror="alert(1)">'],
    ['an inline tag', 'Press <b onclick="x()">here</b> now.'],
    ['a javascript: link', '[click](javascript:alert(1))'],
  ])('%s in the body (the page shows lesson HTML as it is)', (_what, text) => {
    const source = `${GOOD.trimEnd()}\n\n${text}\n`;
    expect(() => loadLessons(lessonsWith(source))).toThrow(
      'lessons/01-say-ehlo/lesson.md: (body):',
    );
  });

  test('a link to a word the glossary does not define', () => {
    const dir = lessonsWith(GOOD.replace('[MX](glossary:mx)', '[MX](glossary:mailx)'));
    expect(() => loadLessons(dir)).toThrow(
      'lessons/01-say-ehlo/lesson.md: (body): links to "glossary:mailx", a word lessons/glossary.yaml does not define',
    );
  });

  test('a glossary entry with a problem', () => {
    const dir = lessonsWith(GOOD);
    writeFileSync(path.join(dir, 'glossary.yaml'), '- id: mx\n  term: MX\n');
    expect(() => loadLessons(dir)).toThrow('lessons/glossary.yaml: [0].text');
  });

  test('a folder not named NN-slug', () => {
    expect(() => loadLessons(lessonsWith(GOOD, 'say-ehlo'))).toThrow(
      'lessons/say-ehlo/lesson.md: (folder): must be named NN-slug',
    );
  });
});

test('npm run build fails on a bad lesson with the file and the field', () => {
  const dir = lessonsWith(GOOD.replace('code: 354', 'code: "three-five-four"'));
  const outDir = mkdtempSync(path.join(tmpdir(), 'port25-dist-'));
  const build = spawnSync('npm', ['run', 'build', '--', '--outDir', outDir], {
    env: { ...process.env, PORT25_LESSONS_DIR: dir },
    encoding: 'utf8',
  });
  expect(build.status).not.toBe(0);
  expect(build.stdout + build.stderr).toContain(
    'lessons/01-say-ehlo/lesson.md: goals[3].code: Invalid input: expected number, received string',
  );
}, 60_000);
