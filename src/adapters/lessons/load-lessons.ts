// Reads lessons/<NN-slug>/lesson.md: YAML frontmatter (the `yaml` package) checked against the
// schema (zod), and a markdown body (marked) turned into HTML, with its "watch it" blocks
// (```watch fences) set aside as commands to play. A problem names the file and the field.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Marked, type Parser, type Token } from 'marked';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { Goal, Lesson, LessonTerm } from '../../engine/lessons/lesson.ts';
import type { Topic } from '../../engine/lessons/topics.ts';
import { parseScenario, ScenarioError, type Scenario } from '../../engine/world/scenario.ts';
import { referenceWorld } from '../../engine/world/reference-world.ts';
import { readScenarioData } from '../cli/scenario-files.ts';
import { glossaryFile, lessonFrontmatter } from './lesson-schema.ts';

export const lessonsDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../lessons',
);

export class LessonError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}: ${field}: ${problem}`);
  }
}

const FOLDER = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/;
const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** A word of lessons/glossary.yaml, its definition rendered to inline HTML. */
type Glossary = ReadonlyMap<string, LessonTerm>;

/** lessons/glossary.yaml: the words lessons link to with [text](glossary:<id>). A folder
 * without one has no words to link to. */
export function loadGlossary(dir = lessonsDir): Glossary {
  const file = 'lessons/glossary.yaml';
  const source = path.join(dir, 'glossary.yaml');
  if (!existsSync(source)) return new Map();
  const data = readYaml(readFileSync(source, 'utf8'), file, '(file)');
  const checked = glossaryFile.safeParse(data);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new LessonError(file, fieldName(issue.path) || '(file)', issue.message);
  }
  const words = new Map<string, LessonTerm>();
  checked.data.forEach((word, i) => {
    if (words.has(word.id)) throw new LessonError(file, `[${i}].id`, 'is used twice');
    words.set(word.id, {
      id: word.id,
      term: word.term,
      html: renderInline(word.text, file, `[${i}].text`, new Map()).html,
    });
  });
  return words;
}

/** Every lesson, in curriculum order. */
export function loadLessons(dir = lessonsDir): Lesson[] {
  const glossary = loadGlossary(dir);
  const scenarios = new Map(
    [...readScenarioData(path.join(dir, 'scenarios'))].map(([file, data]) => [
      path.basename(file, '.json'),
      { file, data },
    ]),
  );
  const lessons = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'scenarios')
    .map((entry) => {
      const file = `lessons/${entry.name}/lesson.md`;
      const match = FOLDER.exec(entry.name);
      if (!match)
        throw new LessonError(file, '(folder)', 'must be named NN-slug, e.g. 01-say-ehlo');
      const source = path.join(dir, entry.name, 'lesson.md');
      if (!existsSync(source)) throw new LessonError(file, '(file)', 'is missing');
      return parseLesson(
        readFileSync(source, 'utf8'),
        file,
        Number(match[1]),
        match[2]!,
        scenarios,
        glossary,
      );
    })
    .sort((a, b) => a.order - b.order);
  const seen = new Map<number, string>();
  for (const lesson of lessons) {
    const other = seen.get(lesson.order);
    if (other)
      throw new LessonError(`lessons/${lesson.id}`, '(folder)', `shares its number with ${other}`);
    seen.set(lesson.order, lesson.id);
  }
  return lessons;
}

export function parseLesson(
  source: string,
  file: string,
  order: number,
  slug: string,
  scenarios: ReadonlyMap<string, { file: string; data: unknown }>,
  glossary: Glossary = new Map(),
): Lesson {
  const parts = FRONTMATTER.exec(source);
  if (!parts) throw new LessonError(file, '(frontmatter)', 'must start with a --- YAML block ---');
  const data = readYaml(parts[1]!, file, '(frontmatter)');
  const checked = lessonFrontmatter.safeParse(data);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    // A field the format does not have is named itself, not its parent.
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    const problem =
      issue.code === 'unrecognized_keys' ? 'is not a field of a lesson here' : issue.message;
    throw new LessonError(file, fieldName(path) || '(frontmatter)', problem);
  }
  const fm = checked.data;
  if (fm.id !== slug) throw new LessonError(file, 'id', `must match the folder name ("${slug}")`);
  const scenario = resolveScenario(fm.scenario, file, fm.id, scenarios);
  const hops = hopIds(scenario);
  fm.goals.forEach((goal, i) => {
    if ((goal.kind === 'blocked' || goal.kind === 'overheard') && !hops.includes(goal.hop))
      throw new LessonError(
        file,
        `goals[${i}].hop`,
        `is not a hop of this scenario (${hops.join(', ')})`,
      );
  });
  const { html, watch, terms } = renderBody(parts[2]!, file, glossary);
  const hints = fm.hints.map((hint, i) => renderInline(hint, file, `hints[${i}]`, glossary));
  for (const hint of hints) for (const id of hint.terms) terms.add(id);
  const lesson: Lesson = {
    id: fm.id,
    order,
    title: fm.title,
    summary: fm.summary,
    topics: fm.topics as Topic[],
    scenario,
    tools: fm.tools ?? null,
    goals: fm.goals.map(upperAfter),
    hints: hints.map((hint) => hint.html),
    solution: fm.solution ?? [],
    quiz: (fm.quiz ?? []).map((q) => ({ ...q, answer: q.answer - 1 })),
    html,
    watch,
    conceal: fm.conceal ?? false,
    terms: [...terms].map((id) => glossary.get(id)!),
    fault: null,
    faults: [],
  };
  if (!fm.faults) return lesson;
  const faults = fm.faults.map((f, i) =>
    faultLesson(lesson, { ...f, index: i }, fm, { file, scenarios, glossary }),
  );
  return { ...faults[0]!, faults };
}

type Frontmatter = import('zod').infer<typeof lessonFrontmatter>;
type FaultEntry = NonNullable<Frontmatter['faults']>[number] & { readonly index: number };

/** How many other faults the question `fault` offers beside the right one. */
const FAULT_DISTRACTORS = 3;

/** The lesson with one fault of its pool drawn: its world, its own goals first, its symptom
 * above the lesson's text, and the question that asks to name it, whose other choices are the
 * faults that follow it in the pool (the learner sees them in an order of their own). */
function faultLesson(
  lesson: Lesson,
  f: FaultEntry,
  fm: Frontmatter,
  context: {
    file: string;
    scenarios: ReadonlyMap<string, { file: string; data: unknown }>;
    glossary: Glossary;
  },
): Lesson {
  const { file, scenarios, glossary } = context;
  const pool = fm.faults!;
  const field = `faults[${f.index}]`;
  const base = typeof fm.scenario === 'string' ? { base: fm.scenario } : fm.scenario;
  // The world's id tells nothing about the fault: the pool's place only.
  const scenario = resolveScenario(
    { ...base, ...f.scenario, base: base.base },
    file,
    `${fm.id}-${f.index + 1}`,
    scenarios,
  );
  const hops = hopIds(scenario);
  (f.goals ?? []).forEach((goal, i) => {
    if ((goal.kind === 'blocked' || goal.kind === 'overheard') && !hops.includes(goal.hop))
      throw new LessonError(
        file,
        `${field}.goals[${i}].hop`,
        `is not a hop of this scenario (${hops.join(', ')})`,
      );
  });
  // The faults it looks like first, then the ones after it in the pool.
  const others = [
    ...(f.like ?? []).map((id) => pool.find((x) => x.id === id)!),
    ...Array.from({ length: pool.length - 1 }, (_, k) => pool[(f.index + 1 + k) % pool.length]!),
  ]
    .filter((x, k, all) => x.id !== f.id && all.findIndex((y) => y.id === x.id) === k)
    .slice(0, FAULT_DISTRACTORS);
  const question = {
    id: 'fault',
    prompt: 'What kept the mail from leaving?',
    choices: [f, ...others].map((c) => ({ text: c.name, explain: c.explain })),
    answer: 0,
  };
  const symptom = renderBody(`### What the user sees\n\n${f.symptom}\n`, file, glossary);
  if (symptom.watch.length > 0)
    throw new LessonError(
      file,
      `${field}.symptom`,
      'holds a watch block; the lesson text has them',
    );
  const hint = f.hint === undefined ? [] : [renderInline(f.hint, file, `${field}.hint`, glossary)];
  const terms = new Map(lesson.terms.map((t) => [t.id, t]));
  for (const id of [...symptom.terms, ...hint.flatMap((h) => [...h.terms])])
    terms.set(id, glossary.get(id)!);
  return {
    ...lesson,
    scenario,
    goals: [...(f.goals ?? []).map(upperAfter), ...lesson.goals],
    hints: [...lesson.hints, ...hint.map((h) => h.html)],
    solution: [...f.solution, 'answer fault 1'],
    quiz: [question, ...lesson.quiz],
    html: symptom.html + lesson.html,
    terms: [...terms.values()],
    fault: { id: f.id, index: f.index },
  };
}

function readYaml(source: string, file: string, field: string): unknown {
  try {
    return parseYaml(source);
  } catch (error) {
    const where =
      error instanceof YAMLParseError && error.linePos
        ? ` (line ${error.linePos[0].line + 1})`
        : '';
    throw new LessonError(file, `${field}${where}`, (error as Error).message.split('\n')[0]!);
  }
}

/** A reply goal's `after` as the trace names commands: upper case. */
function upperAfter(goal: Frontmatter['goals'][number]): Goal {
  return (
    goal.kind === 'reply' && goal.after ? { ...goal, after: goal.after.toUpperCase() } : goal
  ) as Goal;
}

/** ["goals", 2, "code"] -> "goals[2].code" */
function fieldName(parts: readonly PropertyKey[]): string {
  return parts
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i > 0 ? '.' : ''}${String(p)}`))
    .join('');
}

function resolveScenario(
  value: string | { base: string; [field: string]: unknown },
  file: string,
  lessonId: string,
  scenarios: ReadonlyMap<string, { file: string; data: unknown }>,
): Scenario {
  const baseId = typeof value === 'string' ? value : value.base;
  const base = scenarios.get(baseId);
  const field = typeof value === 'string' ? 'scenario' : 'scenario.base';
  if (!base)
    throw new LessonError(file, field, `names no scenario (${[...scenarios.keys()].join(', ')})`);
  if (typeof value === 'string') return parseScenario(base.data, base.file);
  const { base: _base, ...changes } = value;
  const id = `lesson-${lessonId}`;
  try {
    return parseScenario({ ...(base.data as object), ...changes, id }, file, id);
  } catch (error) {
    if (error instanceof ScenarioError)
      throw new LessonError(
        file,
        `scenario.${error.field}`,
        error.message.split(': ').slice(2).join(': '),
      );
    throw error;
  }
}

/** The hops a lesson may name: those on the learner's paths to every server. */
function hopIds(scenario: Scenario): string[] {
  const world = referenceWorld(scenario);
  return [...new Set(world.hosts.flatMap((host) => world.pathTo(host).map((hop) => hop.id)))];
}

/** Refuses what the page must not show as it is ({@html}): raw HTML, and links that run
 * script. The error names the file and the field. */
function guard(file: string, field: string) {
  return (token: { type: string; raw?: string; href?: string }) => {
    if (token.type === 'html') {
      const raw = (token.raw ?? '').trim().slice(0, 60);
      throw new LessonError(file, field, `holds raw HTML (${raw}); lessons are markdown only`);
    }
    if (token.type === 'link' || token.type === 'image') {
      const href = token.href ?? '';
      if (
        !/^(https?:|mailto:|glossary:|\?|#|\.{0,2}\/|[\w-]+\.\w)/i.test(href) ||
        /^\s*(javascript|data|vbscript):/i.test(href)
      )
        throw new LessonError(
          file,
          field,
          `links to "${href.slice(0, 60)}": only http(s), mailto and lab links are allowed`,
        );
    }
  };
}

/** [text](glossary:<id>) -> a link to the word's entry at the end of the lesson; an id that
 * is not in the glossary fails the build, naming the file and the field. */
function glossaryLinks(file: string, field: string, glossary: Glossary, used: Set<string>) {
  return {
    link({ href, tokens }: { href: string; tokens: Token[] }, parser: Parser): string | false {
      if (!href.startsWith('glossary:')) return false;
      const id = href.slice('glossary:'.length);
      if (!glossary.has(id))
        throw new LessonError(
          file,
          field,
          `links to "${href}", a word lessons/glossary.yaml does not define (${[...glossary.keys()].join(', ') || 'none'})`,
        );
      used.add(id);
      return `<a class="term" href="#term-${id}">${parser.parseInline(tokens)}</a>`;
    },
  };
}

/** Markdown -> HTML; each ```watch block becomes a placeholder the app fills with a button.
 * The page shows this HTML as it is ({@html}), so a lesson may hold no HTML of its own and no
 * link that runs script: either fails the build, naming the file. */
function renderBody(
  markdown: string,
  file: string,
  glossary: Glossary,
): { html: string; watch: string[][]; terms: Set<string> } {
  const watch: string[][] = [];
  const terms = new Set<string>();
  const marked = new Marked({
    walkTokens: guard(file, '(body)'),
    renderer: {
      code({ text, lang }) {
        if (lang !== 'watch') return false;
        watch.push(text.split('\n').filter((line) => line.trim() !== ''));
        return `<div class="watch" data-watch="${watch.length - 1}"></div>\n`;
      },
      link(token) {
        return glossaryLinks(file, '(body)', glossary, terms).link(token, this.parser);
      },
    },
  });
  return { html: marked.parse(markdown, { async: false }), watch, terms };
}

/** One line of markdown (a hint, a definition) -> inline HTML, under the same rules as the
 * body. */
function renderInline(
  markdown: string,
  file: string,
  field: string,
  glossary: Glossary,
): { html: string; terms: Set<string> } {
  const terms = new Set<string>();
  const html = new Marked({
    walkTokens: guard(file, field),
    renderer: {
      link(token) {
        return glossaryLinks(file, field, glossary, terms).link(token, this.parser);
      },
    },
  }).parseInline(markdown, { async: false });
  return { html, terms };
}
