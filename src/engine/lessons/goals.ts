// Lesson goals checked on the world's trace: what servers answered, where connections died,
// what reached a mailbox, what the learner ran and looked at. Typed text is never read.
import { overheardAt } from '../world/eavesdropper.ts';
import { firewallLog, serverLog } from '../world/logs.ts';
import type { Traced } from '../world/trace.ts';
import { homeFile, type HomeFile } from '../tools/home.ts';
import type { Goal, GoalCheck, Lesson, QuizQuestion } from './lesson.ts';

/** The ids of the lesson's goals the trace meets. */
export function goalsMet(lesson: Lesson, trace: readonly Traced[]): Set<string> {
  return new Set(
    lesson.goals.filter((g) => goalMet(g, trace, lesson.quiz, lesson.goals)).map((g) => g.id),
  );
}

export function goalMet(
  goal: GoalCheck | Goal,
  trace: readonly Traced[],
  quiz: readonly QuizQuestion[] = [],
  goals: readonly Goal[] = [],
): boolean {
  switch (goal.kind) {
    case 'reply':
      return repliesWithCommand(trace).some(
        ({ reply, after }) =>
          reply.code === goal.code &&
          (goal.enhanced === undefined ||
            reply.lines.some((line) => enhancedCode(line) === goal.enhanced)) &&
          (goal.after === undefined || goal.after.toUpperCase() === after) &&
          (goal.host === undefined || goal.host === reply.host) &&
          (goal.port === undefined || goal.port === reply.port),
      );
    case 'state':
      return trace.some(
        ({ event: e }) =>
          e.type === 'smtp.state' &&
          e.phase === goal.phase &&
          (goal.host === undefined || goal.host === e.host) &&
          (goal.port === undefined || goal.port === e.port) &&
          (goal.secure === undefined || goal.secure === e.secure) &&
          (goal.authenticated === undefined || goal.authenticated === (e.authenticatedAs !== null)),
      );
    case 'delivered':
      return trace.some(({ event: e }) => {
        if (e.type !== 'mail.delivered' || e.mailbox.toLowerCase() !== goal.to.toLowerCase())
          return false;
        const hops = receivedChain(e.content);
        return (
          (goal.via === undefined || hops.some((h) => h.by === goal.via)) &&
          (goal.tls === undefined || goal.tls === hops.every((h) => h.tls)) &&
          (goal.auth === undefined || goal.auth === (hops.at(-1)?.auth ?? false)) &&
          (goal.attachment === undefined || carriesWhole(e.content, goal.attachment))
        );
      });
    case 'blocked':
      return blockedConnections(trace).some(
        (b) =>
          b.hop === goal.hop &&
          (goal.port === undefined || goal.port === b.port) &&
          (goal.host === undefined || goal.host === b.host) &&
          (goal.how === undefined || goal.how === b.how),
      );
    case 'lookup':
      return trace.some(
        ({ event: e }) =>
          e.type === 'dns.query' &&
          e.tool !== undefined &&
          e.name === goal.name.toLowerCase() &&
          e.qtype === goal.qtype.toUpperCase(),
      );
    case 'traced':
      // A UDP traceroute to port 587 probes 587, 588, ...: only its first port is its own.
      return trace.some(
        ({ event: e }) =>
          e.type === 'traceroute.hop' &&
          (goal.protocol === undefined || goal.protocol === e.protocol) &&
          (goal.port === undefined || goal.port === e.port) &&
          (goal.host === undefined || goal.host === e.host),
      );
    case 'tls-failed': {
      const ports = new Map<number, number>();
      return trace.some(({ event: e }) => {
        if (e.type === 'tcp.open') ports.set(e.conn, e.port);
        return (
          e.type === 'tls.failed' &&
          (goal.host === undefined || goal.host === e.host) &&
          (goal.port === undefined || goal.port === ports.get(e.conn)) &&
          (goal.reason === undefined || e.reason.toLowerCase().includes(goal.reason.toLowerCase()))
        );
      });
    }
    case 'name-checked':
      // Names compare as DNS names do: without case, and without a trailing dot.
      return trace.some(
        ({ event: e }) =>
          e.type === 'tls.name-check' &&
          (goal.host === undefined || goal.host === e.host) &&
          (goal.expected === undefined ||
            goal.expected === e.expected.toLowerCase().replace(/\.$/, '')) &&
          (goal.matches === undefined || goal.matches === e.matches),
      );
    case 'tool':
      return trace.some(({ event: e }, i) => {
        if (e.type !== 'tool.run' || e.tool !== goal.tool) return false;
        // Arguments compare without case: `dig mx example.org` asks what `dig MX example.org` does.
        const words = e.args.map((a) => a.toLowerCase());
        if (goal.args && !goal.args.every((a) => words.includes(a.toLowerCase()))) return false;
        if (goal.shows !== undefined && !logShows(trace.slice(0, i), e.args, goal.shows))
          return false;
        if (goal.status === undefined) return true;
        const exit = trace
          .slice(i + 1)
          .find(({ event: x }) => x.type === 'tool.exit' && x.tool === goal.tool);
        return exit?.event.type === 'tool.exit' && exit.event.status === goal.status;
      });
    case 'overheard':
      // What the hop had seen by the time the learner looked there.
      return trace.some(({ event: e }, i) => {
        if (e.type !== 'tool.run' || e.tool !== 'eavesdrop' || e.args[0] !== goal.hop) return false;
        return overheardAt(trace.slice(0, i), goal.hop).some((item) => {
          switch (goal.saw) {
            case 'plaintext':
              return item.kind === 'plaintext';
            case 'credentials':
              return item.kind === 'plaintext' && item.decoded !== undefined;
            case 'message':
              return (
                item.kind === 'plaintext' && item.from === 'client' && /^DATA$/i.test(item.text)
              );
            case 'tls':
              return item.kind === 'tls-record';
          }
        });
      });
    case 'answer': {
      const question = quiz.find((q) => q.id === goal.question);
      if (question === undefined) return false;
      const predicted = goals.find((g) => g.id === question.predicts);
      const answers = trace
        .map(({ event: e }, i) => ({ e, i }))
        .filter(({ e }) => e.type === 'lesson.answer' && e.question === goal.question);
      if (predicted === undefined)
        return answers.some(({ e }) => e.type === 'lesson.answer' && e.choice === question.answer);
      // A prediction: the first answer counts, and only if given before the learner saw it
      // happen (trying every choice in turn predicts nothing).
      const first = answers[0];
      return (
        first !== undefined &&
        first.e.type === 'lesson.answer' &&
        first.e.choice === question.answer &&
        !goalMet(predicted, trace.slice(0, first.i), quiz, goals)
      );
    }
  }
}

/** Whether `logs <args>` run after these events printed the text (case aside). */
function logShows(before: readonly Traced[], args: readonly string[], text: string): boolean {
  const source = args[0] ?? '';
  const lines = source === 'firewall' ? firewallLog(before, 0) : serverLog(before, source, 0);
  const wanted = text.toLowerCase();
  return lines.some((line) => line.toLowerCase().includes(wanted));
}

/** "550 5.1.1 <x>: Recipient address rejected" -> "5.1.1" (RFC 3463 status code). */
function enhancedCode(line: string): string | null {
  return /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(line)?.[1] ?? null;
}

/** Every reply with the command it answered, as the server said (the reply's own `answers`):
 * the verb, "." for the end of the data, "AUTH" for an AUTH exchange's lines, "CONNECT" for
 * the greeting. Pipelined replies are matched to their commands this way too. */
function repliesWithCommand(trace: readonly Traced[]) {
  const answered = new Set<number>();
  const out: { reply: Extract<Traced['event'], { type: 'smtp.reply' }>; after: string }[] = [];
  for (const { event: e } of trace) {
    if (e.type !== 'smtp.reply') continue;
    const first = !answered.has(e.conn);
    answered.add(e.conn);
    out.push({ reply: e, after: e.answers ?? (first ? 'CONNECT' : '') });
  }
  return out;
}

/** Where each connection stopped, if a hop or the host stopped it. */
function blockedConnections(trace: readonly Traced[]) {
  const opened = new Map<number, { port: number; host: string }>();
  const out: { hop: string; port: number; host: string; how: 'drop' | 'reject' | 'refused' }[] = [];
  for (const { event: e } of trace) {
    if (e.type === 'tcp.open') opened.set(e.conn, { port: e.port, host: e.host });
    else if (e.type === 'hop.drop' || e.type === 'hop.reject' || e.type === 'tcp.refused') {
      const how = e.type === 'hop.drop' ? 'drop' : e.type === 'hop.reject' ? 'reject' : 'refused';
      const to = opened.get(e.conn);
      out.push({ hop: e.hop, port: to?.port ?? 0, host: to?.host ?? '', how });
    }
  }
  return out;
}

/** Whether a delivered message carries the home directory's file `name`, whole, as a base64
 * MIME part (RFC 2045 §6.8): a part of the file's size that starts with the file's octets.
 * Its name= is not read: swaks names `--attach @photo.jpg` "@photo.jpg", and
 * `--attach-name` can call any part anything. Counted, not decoded. */
function carriesWhole(content: string, name: string): boolean {
  const file = homeFile(name);
  if (file === null) return false;
  const opening = btoa(firstOctets(file, 57));
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^Content-Transfer-Encoding:\s*base64\s*$/i.test(lines[i]!)) continue;
    let body = lines.indexOf('', i) + 1;
    const first = body === 0 ? '' : (lines[body] ?? '').trim();
    const compared = Math.min(first.length, opening.length);
    if (compared === 0 || first.slice(0, compared) !== opening.slice(0, compared)) continue;
    let chars = 0;
    let padding = 0;
    for (; body < lines.length && !lines[body]!.startsWith('--'); body++) {
      const line = lines[body]!.trim();
      chars += line.length;
      if (line !== '') padding = line.match(/=+$/)?.[0].length ?? 0;
    }
    if ((chars / 4) * 3 - padding === file.size) return true;
  }
  return false;
}

/** The first `count` octets of a file (fewer when it is shorter). */
function firstOctets(file: HomeFile, count: number): string {
  let octets = '';
  for (const piece of file.octets()) {
    octets += piece;
    if (octets.length >= count) break;
  }
  return octets.slice(0, count);
}

/** The Received: headers of a delivered message, newest first: who took it ("by"), and whether
 * that hop had TLS and AUTH ("with ESMTPSA", RFC 3848 §1). */
export function receivedChain(content: string) {
  const header = content.split('\n\n')[0] ?? '';
  const unfolded = header.replace(/\n[ \t]+/g, ' ').split('\n');
  return unfolded
    .filter((line) => /^Received:/i.test(line))
    .map((line) => {
      const protocol = /\bwith (\S+)/.exec(line)?.[1] ?? '';
      return {
        by: /\bby (\S+)/.exec(line)?.[1] ?? '',
        tls: /^(E|L)?SMTPS/.test(protocol),
        auth: /^(E|L)?SMTPS?A$/.test(protocol),
      };
    });
}
