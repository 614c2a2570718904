// The schema of a lesson file's frontmatter (lessons/<NN-slug>/lesson.md). The build checks
// every lesson against it; a problem names the file and the field.
import { z } from 'zod';
import { COMMAND_NAMES } from '../../engine/tools/command-names.ts';
import { homeFile, homeFiles } from '../../engine/tools/home.ts';
import { TOPIC_IDS } from '../../engine/lessons/topics.ts';
import { SERVER_NAMES } from '../../engine/world/scenario.ts';

const text = z.string().trim().min(1, 'must be a non-empty text');
const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by -');
const port = z.number().int().min(1).max(65535);
const host = z.string().regex(/^[a-z0-9.-]+$/, 'must be a host name');
const base = { id: slug, text };
/** A hop id: "isp-edge", or a server's border ("mx.example.org-border"). */
const hop = z.string().regex(/^[a-z0-9.-]+$/, 'must be a hop id');

/** A goal: `kind` picks what is checked on the trace (see src/engine/lessons/lesson.ts). */
const goal = z.discriminatedUnion('kind', [
  z.strictObject({
    ...base,
    kind: z.literal('reply'),
    code: z.number().int().min(200).max(599),
    enhanced: z
      .string()
      .regex(/^[245]\.\d{1,3}\.\d{1,3}$/, 'must be an enhanced status code like 5.7.1')
      .optional(),
    after: z
      .string()
      .regex(/^(connect|\.|[A-Za-z]+)$/, 'must be a command verb, "connect" or "."')
      .optional(),
    host: host.optional(),
    port: port.optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('state'),
    phase: z.enum([
      'awaitingHello',
      'ready',
      'tlsHandshake',
      'authExchange',
      'mailTransaction',
      'recipients',
      'receivingData',
      'closed',
    ]),
    host: host.optional(),
    port: port.optional(),
    secure: z.boolean().optional(),
    authenticated: z.boolean().optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('delivered'),
    to: z.email('must be a mail address'),
    via: host.optional(),
    tls: z.boolean().optional(),
    auth: z.boolean().optional(),
    attachment: z
      .string()
      .refine((name) => homeFile(name) !== null, {
        message: `must be a file of the home directory (${homeFiles().join(', ')})`,
      })
      .optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('blocked'),
    hop,
    port: port.optional(),
    host: host.optional(),
    how: z.enum(['drop', 'reject', 'refused']).optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('tool'),
    tool: z.enum(COMMAND_NAMES as [string, ...string[]]),
    args: z.array(z.string()).optional(),
    status: z.number().int().min(0).max(255).optional(),
    shows: text.optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('overheard'),
    hop,
    saw: z.enum(['plaintext', 'credentials', 'message', 'tls']),
  }),
  z.strictObject({ ...base, kind: z.literal('answer'), question: slug }),
  z.strictObject({
    ...base,
    kind: z.literal('lookup'),
    name: host,
    qtype: z.enum(['A', 'AAAA', 'MX', 'TXT', 'PTR', 'NS', 'SOA', 'CNAME']),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('traced'),
    protocol: z.enum(['tcp', 'udp']).optional(),
    port: port.optional(),
    host: host.optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('tls-failed'),
    host: host.optional(),
    port: port.optional(),
    reason: text.optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('name-checked'),
    host: host.optional(),
    expected: host.optional(),
    matches: z.boolean().optional(),
  }),
]);

/** A quiz's words are shown as they are, in the panel and in the terminal: no markdown. */
const plain = text.refine((t) => !t.includes('`'), {
  message: 'is plain text (the panel and the terminal show it as it is): no `backticks`',
});

/** Why a choice is right or wrong. The app says which it is ("Right." / "Not quite."), the
 * same way in the panel and for the `answer` command, so the text must not say it again. */
const explain = plain.refine((t) => !/^['"]?(right|wrong|no|yes|correct)\b/i.test(t), {
  message: 'must not start with a verdict (Right, No, ...): the app says whether a choice is right',
});

const question = z.strictObject({
  id: slug,
  prompt: plain,
  choices: z
    .array(z.strictObject({ text: plain, explain }))
    .min(2, 'needs at least two choices')
    .max(9, 'has more than nine choices'),
  /** Numbered from 1, as the panel and the `answer` command show the choices. */
  answer: z.number().int().min(1),
  /** A prediction: the id of the goal it is about. Its answer counts only when given before
   * the learner made that goal happen. */
  predicts: slug.optional(),
});

/** One fault of a diagnosis lesson's pool: one is drawn per attempt. `name` is its choice in
 * the generated question `fault` ("what kept the mail from leaving?"), `explain` says how the
 * fault shows itself (the app adds the verdict), `symptom` is what the user in the story sees,
 * `scenario` the fields it changes in the lesson's scenario, `goals` its own goals before the
 * lesson's, `solution` its reference solution (the answer to `fault` is added). */
const fault = z.strictObject({
  id: slug,
  name: plain,
  explain,
  symptom: text,
  scenario: z.record(z.string(), z.unknown()).optional(),
  goals: z.array(goal).optional(),
  hint: text.optional(),
  /** The faults whose symptoms look most like this one's: the other choices of `fault`, so
   * that what the user sees does not rule them out at a glance. */
  like: z.array(slug).min(1).max(3).optional(),
  solution: z.array(z.string()).min(1, 'needs the commands that find and fix the fault'),
});

/** A lesson's own variation of a scenario: a base scenario's data with fields replaced. */
const scenarioVariation = z
  .object({ base: slug, title: text.optional(), summary: text.optional() })
  .catchall(z.unknown());

export const lessonFrontmatter = z
  .strictObject({
    id: slug,
    title: text,
    summary: text,
    topics: z.array(z.enum(TOPIC_IDS as [string, ...string[]])).min(1),
    scenario: z.union([slug, scenarioVariation]),
    tools: z
      .array(z.enum(COMMAND_NAMES as [string, ...string[]]))
      .min(1)
      .optional(),
    goals: z.array(goal).min(1, 'a lesson needs at least one goal'),
    hints: z.array(text).min(2, 'a hint ladder needs at least a nudge and where to look'),
    solution: z.array(z.string()).min(1, 'needs the commands that solve the lesson').optional(),
    /** A diagnosis lesson: a pool of faults, one drawn per attempt (see `fault`). */
    faults: z.array(fault).min(4, 'a pool needs at least four faults').optional(),
    quiz: z.array(question).optional(),
    /** The learner is to find the fault: the path does not print its hops' rules, and the
     * world is introduced by the lesson's own scenario title and summary. */
    conceal: z.boolean().optional(),
  })
  .superRefine((lesson, ctx) => {
    if (lesson.faults === undefined && lesson.solution === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['solution'],
        message: 'needs the commands that solve the lesson',
      });
    if (lesson.faults !== undefined && lesson.solution !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['solution'],
        message: "is each fault's own in a lesson with a pool of faults",
      });
    lesson.faults?.forEach((f, i) => {
      if (lesson.faults!.findIndex((other) => other.id === f.id) !== i)
        ctx.addIssue({ code: 'custom', path: ['faults', i, 'id'], message: 'is used twice' });
      for (const [j, other] of (f.like ?? []).entries())
        if (other === f.id || !lesson.faults!.some((x) => x.id === other))
          ctx.addIssue({
            code: 'custom',
            path: ['faults', i, 'like', j],
            message: 'must name another fault of the pool',
          });
      for (const [j, g] of (f.goals ?? []).entries())
        if (lesson.goals.some((shared) => shared.id === g.id))
          ctx.addIssue({
            code: 'custom',
            path: ['faults', i, 'goals', j, 'id'],
            message: 'is also a goal of the lesson',
          });
    });
    const ids = new Set<string>();
    lesson.goals.forEach((g, i) => {
      if (ids.has(g.id))
        ctx.addIssue({ code: 'custom', path: ['goals', i, 'id'], message: 'is used twice' });
      ids.add(g.id);
    });
    const questions = lesson.quiz ?? [];
    // A pool of faults brings its own question, `fault`.
    const questionIds = [...questions.map((q) => q.id), ...(lesson.faults ? ['fault'] : [])];
    if (lesson.faults && questions.some((q) => q.id === 'fault'))
      ctx.addIssue({
        code: 'custom',
        path: ['quiz'],
        message: 'has a question "fault", which the pool of faults asks itself',
      });
    questions.forEach((q, i) => {
      if (questions.findIndex((other) => other.id === q.id) !== i)
        ctx.addIssue({ code: 'custom', path: ['quiz', i, 'id'], message: 'is used twice' });
      if (q.predicts !== undefined) {
        const predicted = lesson.goals.find((g) => g.id === q.predicts);
        if (!predicted || predicted.kind === 'answer')
          ctx.addIssue({
            code: 'custom',
            path: ['quiz', i, 'predicts'],
            message: `must name a goal the learner makes happen (${lesson.goals
              .filter((g) => g.kind !== 'answer')
              .map((g) => g.id)
              .join(', ')})`,
          });
      }
      if (q.answer > q.choices.length)
        ctx.addIssue({
          code: 'custom',
          path: ['quiz', i, 'answer'],
          message: `must be the number of one of its ${q.choices.length} choices`,
        });
    });
    if (
      lesson.conceal &&
      (typeof lesson.scenario === 'string' || !lesson.scenario.title || !lesson.scenario.summary)
    )
      ctx.addIssue({
        code: 'custom',
        path: ['scenario'],
        message:
          "a lesson that conceals its fault gives its scenario a title and a summary of its own ({ base, title, summary }): the base scenario's own words name the fault",
      });
    lesson.goals.forEach((g, i) => {
      if (g.kind === 'answer' && !questionIds.includes(g.question))
        ctx.addIssue({
          code: 'custom',
          path: ['goals', i, 'question'],
          message: `names no question of the quiz (${questionIds.join(', ') || 'none'})`,
        });
      if ((g.kind === 'delivered' || g.kind === 'reply') && 'host' in g && g.host)
        if (!(SERVER_NAMES as readonly string[]).includes(g.host))
          ctx.addIssue({
            code: 'custom',
            path: ['goals', i, 'host'],
            message: `is not a server of the world (${SERVER_NAMES.join(', ')})`,
          });
    });
  });

export type LessonFrontmatter = z.infer<typeof lessonFrontmatter>;

/** lessons/glossary.yaml: a list of words, each defined once. */
export const glossaryFile = z
  .array(z.strictObject({ id: slug, term: text, text }))
  .min(1, 'must list at least one word');
