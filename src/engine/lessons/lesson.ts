// A lesson as the app and the tests use it, after the build has read and checked its file
// (lessons/<NN-slug>/lesson.md; the schema is src/adapters/lessons/lesson-schema.ts).
import type { Scenario } from '../world/scenario.ts';
import type { Topic } from './topics.ts';

/** Something the learner must make happen, checked on the world's trace (never on typed text). */
export type Goal = { readonly id: string; readonly text: string } & GoalCheck;

export type GoalCheck =
  /** A server answered with this code (and enhanced code), after this command. */
  | {
      readonly kind: 'reply';
      readonly code: number;
      readonly enhanced?: string;
      /** The command it answered ("EHLO", "RCPT", ".": end of data, "connect": the greeting). */
      readonly after?: string;
      readonly host?: string;
      readonly port?: number;
    }
  /** A server session reached this state of its statechart. */
  | {
      readonly kind: 'state';
      readonly phase: string;
      readonly host?: string;
      readonly port?: number;
      readonly secure?: boolean;
      readonly authenticated?: boolean;
    }
  /** A message reached a mailbox; via: a server it passed through; tls: encrypted on every
   * server-to-server hop; auth: submitted with AUTH (read from its Received: chain, RFC 3848). */
  | {
      readonly kind: 'delivered';
      readonly to: string;
      readonly via?: string;
      readonly tls?: boolean;
      readonly auth?: boolean;
      /** A file of the home directory the message carries, whole, as a MIME attachment. */
      readonly attachment?: string;
    }
  /** A connection stopped at a hop: dropped, rejected (reset or ICMP), or refused by the host. */
  | {
      readonly kind: 'blocked';
      readonly hop: string;
      readonly port?: number;
      /** The server the connection was for. */
      readonly host?: string;
      readonly how?: 'drop' | 'reject' | 'refused';
    }
  /** The learner asked DNS for a record with a DNS tool (dig or nslookup, however the
   * question was written). */
  | { readonly kind: 'lookup'; readonly name: string; readonly qtype: string }
  /** The learner traced the path with traceroute: probes of this protocol to this port. */
  | {
      readonly kind: 'traced';
      readonly protocol?: 'tcp' | 'udp';
      readonly port?: number;
      readonly host?: string;
    }
  /** A TLS handshake with the server failed on this port: a client started TLS where the
   * server spoke plaintext, or plaintext reached a server waiting for TLS (`reason`: words
   * of the TLS library's error, such as "wrong version number"). */
  | {
      readonly kind: 'tls-failed';
      readonly host?: string;
      readonly port?: number;
      readonly reason?: string;
    }
  /** The learner had a client check a server's certificate against a name (openssl s_client
   * -verify_hostname), and the certificate did (or did not) match it. */
  | {
      readonly kind: 'name-checked';
      readonly host?: string;
      readonly expected?: string;
      readonly matches?: boolean;
    }
  /** The learner ran a tool (or a shell command), with these arguments among its own. */
  | {
      readonly kind: 'tool';
      readonly tool: string;
      readonly args?: readonly string[];
      readonly status?: number;
      /** For `logs`: the log read must already hold this text (case aside), so a look before
       * the thing to find happened does not count. */
      readonly shows?: string;
    }
  /** The learner looked (`eavesdrop <hop>`) and saw this there. */
  | {
      readonly kind: 'overheard';
      readonly hop: string;
      readonly saw: 'plaintext' | 'credentials' | 'message' | 'tls';
    }
  /** A quiz question answered correctly. */
  | { readonly kind: 'answer'; readonly question: string };

export interface QuizQuestion {
  readonly id: string;
  readonly prompt: string;
  readonly choices: readonly { readonly text: string; readonly explain: string }[];
  /** The index of the right choice (0-based). */
  readonly answer: number;
  /** A prediction about this goal: the answer counts only when given before it was met. */
  readonly predicts?: string;
}

export interface Lesson {
  readonly id: string;
  /** The lesson's place in the curriculum (the NN of its folder). */
  readonly order: number;
  readonly title: string;
  readonly summary: string;
  readonly topics: readonly Topic[];
  readonly scenario: Scenario;
  /** The commands the shell runs in this lesson; null: all of them. */
  readonly tools: readonly string[] | null;
  readonly goals: readonly Goal[];
  /** From a nudge to where to look, as inline HTML (the build renders their markdown); the
   * ladder's last step puts the solution's next command into the input. */
  readonly hints: readonly string[];
  readonly solution: readonly string[];
  readonly quiz: readonly QuizQuestion[];
  /** The body, as HTML; "watch it" blocks are replaced by <div data-watch="n"></div>. */
  readonly html: string;
  /** The commands of each "watch it" block. */
  readonly watch: readonly (readonly string[])[];
  /** The learner is to find the fault: the path keeps its hops' rules to itself. */
  readonly conceal: boolean;
  /** The glossary's words the lesson links to, in the order it first does. */
  readonly terms: readonly LessonTerm[];
  /** A diagnosis lesson: the fault drawn for this attempt (its place in the pool), or null. */
  readonly fault: { readonly id: string; readonly index: number } | null;
  /** A diagnosis lesson's pool: the lesson once per fault (the first is this one). */
  readonly faults: readonly Lesson[];
}

/** A word of lessons/glossary.yaml: the text of the links to it is the lesson's own. */
export interface LessonTerm {
  readonly id: string;
  readonly term: string;
  /** The definition, as inline HTML. */
  readonly html: string;
}

/** A solution's lines without its quiz answers: what the hint ladder and a trainer's playback
 * may type. The quiz is the learner's own to answer. */
export function solutionCommands(solution: readonly string[]): string[] {
  return solution.filter((line) => !/^answer\s/.test(line));
}

/** What the lesson map and the lesson's neighbours need of every lesson: the page loads the
 * lesson itself (its text, world and goals) only when it opens it. */
export interface LessonSummary {
  readonly id: string;
  readonly order: number;
  readonly title: string;
  readonly goalCount: number;
}

export function summarize(lesson: Lesson): LessonSummary {
  return {
    id: lesson.id,
    order: lesson.order,
    title: lesson.title,
    goalCount: lesson.goals.length,
  };
}
