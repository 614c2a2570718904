// The lab's state in the page: the world's shell for one scenario, what the terminal shows,
// and the trace the other panes read. Components render this and call its methods.
// The shell and its tools are the bulk of the code: they load on first use (ShellSource),
// while the world's description (scenario, hosts, path) is here from the first paint.
import { COMMAND_NAMES } from '../engine/tools/command-names.ts';
import type { Shell, ShellOptions, ShellOutput } from '../engine/tools/shell.ts';
import { complete } from './completion.ts';
import { referenceWorld } from '../engine/world/reference-world.ts';
import type { SwitchName, Switches } from '../engine/world/switches.ts';
import type { World } from '../engine/world/world.ts';
import type { Scenario } from '../engine/world/scenario.ts';
import type { Traced } from '../engine/world/trace.ts';
import type { QuizDesk } from '../engine/lessons/quiz.ts';
import { CommandHistory } from './command-history.ts';
import { classifyOutput, type LineKind, type ShellLine } from './shell-lines.ts';
import { coachingFor } from './coaching.ts';
import { SlicedSender } from './sliced-sender.ts';
import { delayNote } from './transcript.ts';
import { thousands } from '../engine/thousands.ts';

/** A line the learner typed, and whether it went to the shell (true) or to a running tool. */
export interface TypedStep {
  readonly line: string;
  readonly atPrompt: boolean;
}

/** Makes a shell over a world; the lab gets it at once (tests) or from a lazy chunk. */
export type ShellFactory = (
  world: World,
  onOutput: (output: ShellOutput) => void,
  startedAt: number,
  options?: ShellOptions,
) => Shell;
export type ShellSource =
  { readonly factory: ShellFactory } | { readonly load: () => Promise<ShellFactory> };

/** Lines the terminal keeps, as a terminal's scrollback does (xterm keeps 1,024 by
 * default): the page stays light however long a session or a pasted script runs. */
export const SCROLLBACK_LINES = 2_000;
/** Trace events the page keeps for its panes and the lesson's goals (between this and twice
 * as many). The world keeps its own full record for logs and mailboxes. */
export const TRACE_EVENTS_KEPT = 5_000;
/** Typed lines the lab remembers for hints, playback and links. */
export const TYPED_LINES_KEPT = 5_000;
/** Lines one paste may send (a terminal would take more, but nobody types them). */
export const MAX_PASTE_LINES = 5_000;
/** A wait played in real time lasts at most this long, whatever the pace and the wait. */
export const MAX_PLAYED_WAIT_MS = 30_000;
/** The first line shown once older ones have been let go. Its id never changes. */
const SCROLLED_OUT: ShellLine = {
  id: -1,
  kind: 'info',
  text: `(earlier lines are no longer kept: the terminal holds the last ${thousands(SCROLLBACK_LINES)})`,
};

/** `list`, or its newest `kept` once it has grown to twice that: bounded, and trimmed seldom
 * enough that adding to it stays cheap. */
function newest<T>(list: T[], kept: number): T[] {
  return list.length >= 2 * kept ? list.slice(-kept) : list;
}

export class Lab {
  /** What the terminal shows. Replaced, not mutated: lines never change once shown, so they
   * need no deep reactivity (Enter -> reply stays cheap with a long transcript). */
  lines: readonly ShellLine[] = $state.raw([]);
  /** Every trace event so far; replaced (not mutated) so readers update. */
  trace: readonly Traced[] = $state.raw([]);
  input = $state('');
  /** The transcript line the Explain pane talks about. */
  selected: ShellLine | null = $state(null);
  busy = $state(false);
  /** The shell is still loading: typed lines wait for it. */
  loading = $state(false);
  /** A virtual wait is being played out (the terminal shows time passing). */
  waiting = $state(false);
  /** Real milliseconds per virtual second when playing waits; 0 shows them at once. */
  waitPace = $state(0);
  scenario: Scenario = $state.raw(undefined as unknown as Scenario);
  /** How many lines the learner typed (commands and lines to tools) in this world. */
  typed = $state(0);
  /** Those lines, in order (playback and share links copy them). */
  typedLines: string[] = [];
  /** The lines as they ran, each with where it went (a lesson's hint finds the next step of
   * its solution from them). */
  typedSteps: TypedStep[] = [];
  world: World = $state.raw(undefined as unknown as World);
  /** A lesson is about to open its own world: the panes wait for it. */
  opening = $state(false);
  /** A "watch it" demonstration is typing: the learner's lines wait until it ends. */
  demonstrating = $state(false);
  /** Raised when something the learner should see happens in the terminal (a demonstration
   * starts, a hint fills the input): a narrow screen shows the terminal pane. */
  attention = $state(0);

  readonly scenarios: readonly Scenario[];
  readonly #history: CommandHistory;
  #source: ShellSource;
  #factory: ShellFactory | null = null;
  #shell: Shell | null = null;
  #startedAt = 0;
  #waiting: string[] = [];
  #nextId = 0;
  /** A lesson's commands (null: every command) and its quiz. */
  #tools: readonly string[] | null = $state.raw(null);
  #quiz: QuizDesk | null = null;
  /** The last look traced by a pane, and how long the record was after it. */
  #look: { key: string; pending: boolean; at: number } | null = null;
  /** The lines as they come; `lines` is republished from it once per command, not per line
   * (a tool printing 80 lines would otherwise copy the transcript 80 times). */
  #shown: ShellLine[] = [];
  /** Lines a tool printed that are not in #shown yet: classified when they are published,
   * and only as many as the scrollback keeps (an attachment shown line by line is 55,000). */
  #printed: string[] = [];
  #pending: Traced[] = [];
  /** Every event shown so far, for the logs and mailboxes (appended, never copied). */
  #record: Traced[] = [];
  /** Output held back while a wait plays. */
  #held: ShellOutput[] = [];
  #timer: ReturnType<typeof setTimeout> | null = null;
  /** Pasted lines and a link's script, sent a slice at a time. */
  readonly #paste = new SlicedSender({
    send: (line) => this.#submitLine(line),
    printed: () => this.#nextId,
    ready: () => this.#factory !== null,
    load: () => this.prepare().then(() => this.#factory !== null),
  });

  /** `source`: the Shell class's factory, or a function that loads it (the page). */
  constructor(
    scenarios: readonly Scenario[],
    scenarioId: string | null,
    history: CommandHistory,
    source: ShellSource,
    { opening = false }: { readonly opening?: boolean } = {},
  ) {
    this.scenarios = scenarios;
    this.#history = history;
    this.#source = source;
    if ('factory' in source) this.#factory = source.factory;
    const scenario = scenarios.find((s) => s.id === scenarioId) ?? scenarios[0]!;
    // A lesson opens its own world in a moment: this one is not introduced meanwhile.
    if (opening) {
      this.opening = true;
      this.scenario = scenario;
      this.#reset(scenario);
    } else this.open(scenario.id);
  }

  /** Starts loading the shell now (the learner is about to type). */
  prepare(): Promise<void> {
    if (this.#factory) return Promise.resolve();
    this.loading = true;
    if (!('load' in this.#source)) return Promise.resolve();
    return this.#source.load().then(
      (factory) => {
        this.#factory = factory;
        this.loading = false;
        const waiting = this.#waiting;
        this.#waiting = [];
        waiting.forEach((line, i) => this.#run(line, i === 0));
      },
      () => {
        this.loading = false;
        this.#add('error', 'The lab could not load its tools. Reload the page to try again.');
      },
    );
  }

  #ensureShell(): Shell | null {
    if (this.#shell) return this.#shell;
    if (!this.#factory) return null;
    this.#shell = this.#factory(
      this.world,
      (output) => this.#receive(output),
      this.#startedAt,
      this.#shellOptions(),
    );
    return this.#shell;
  }

  #shellOptions(): ShellOptions {
    return {
      ...(this.#tools ? { tools: this.#tools } : {}),
      ...(this.#quiz ? { quiz: this.#quiz } : {}),
    };
  }

  /** For each line, whether a learner typing them in order into a fresh world of this
   * scenario would type it at the prompt (false: it goes to the tool then running). The
   * world the learner is in is not touched. */
  async promptFlags(lines: readonly string[]): Promise<boolean[]> {
    await this.prepare();
    if (!this.#factory) return lines.map(() => true);
    const shell = this.#factory(
      referenceWorld(this.scenario),
      () => {},
      this.#startedAt,
      this.#shellOptions(),
    );
    return lines.map((line) => {
      const atPrompt = !shell.busy;
      shell.run(line);
      return atPrompt;
    });
  }

  /** Asks a narrow screen to show the terminal. */
  callAttention(): void {
    this.attention++;
  }

  /** Starts a fresh world for a scenario (the terminal is cleared, history kept). */
  open(id: string): void {
    const scenario = this.scenarios.find((s) => s.id === id);
    if (scenario) this.openScenario(scenario, null);
  }

  /** Whether this world's commands include a tool (a lesson may leave some out): the panes
   * that show the same thing (Logs, Eavesdropper) follow it. */
  allows(tool: string): boolean {
    return this.#tools === null || this.#tools.includes(tool);
  }

  /** A fresh world for a scenario, with a lesson's commands only (tools) or every one, and a
   * lesson's quiz for `answer`. */
  openScenario(
    scenario: Scenario,
    tools: readonly string[] | null,
    quiz: QuizDesk | null = null,
  ): void {
    this.scenario = scenario;
    this.opening = false;
    this.#tools = tools;
    this.#quiz = quiz;
    this.#shown = [];
    this.#printed = [];
    this.#publish();
    this.#reset(scenario);
    this.#add('info', `${scenario.title}. ${scenario.summary}`);
  }

  /** The same scenario again, from scratch, the transcript kept (after a "watch it"). */
  restart(note: string): void {
    this.#reset(this.scenario);
    this.#add('info', note);
  }

  #reset(scenario: Scenario): void {
    this.trace = [];
    this.#record = [];
    this.typed = 0;
    this.typedLines = [];
    this.typedSteps = [];
    this.#pending = [];
    this.selected = null;
    this.world = referenceWorld(scenario);
    this.#startedAt = Date.now();
    this.#shell = null;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#held = [];
    this.waiting = false;
    this.busy = false;
    // A script still being sent belongs to the world it was meant for.
    this.#paste.drop();
  }

  /** A trainer flips a live switch: the next connection obeys it (the world, its clock and
   * its queues carry on). */
  async flip<K extends SwitchName>(name: K, value: Switches[K]): Promise<void> {
    const { SWITCH_LABELS, withSwitch } = await import('../engine/world/switches.ts');
    const scenario = withSwitch(this.scenario, name, value);
    this.scenario = scenario;
    this.world = referenceWorld(scenario);
    await this.#inWorld((shell) => {
      shell.sim.reconfigure(this.world, { name, value: String(value) });
      const shown = typeof value === 'boolean' ? (value ? 'on' : 'off') : value;
      this.#add('info', `Switch: ${SWITCH_LABELS[name]}: ${shown}. The next connection obeys it.`);
    });
  }

  /** A pane showed the learner what a command prints (the Logs pane: `logs mx.example.org`;
   * the Eavesdropper pane: `eavesdrop isp-edge`): traced as if they had run it, so a goal
   * that asks them to read it is met either way. Traced again only once there is something
   * new to see. */
  looked(tool: string, args: readonly string[]): void {
    const key = [tool, ...args].join(' ');
    if (this.#look?.key === key && (this.#look.pending || this.#look.at === this.#record.length))
      return;
    const look = { key, pending: true, at: -1 };
    this.#look = look;
    void this.#inWorld((shell) => shell.sim.trace({ type: 'tool.run', tool, args })).then(() => {
      look.pending = false;
      look.at = this.#record.length;
    });
  }

  /** A lesson's quiz answer (choice from 0), recorded in the world's trace for its goals. */
  answer(question: string, choice: number): Promise<void> {
    return this.#inWorld((shell) => shell.sim.trace({ type: 'lesson.answer', question, choice }));
  }

  /** Does something to the running world (loading the tools first), then shows what it
   * traced. */
  async #inWorld(act: (shell: Shell) => void): Promise<void> {
    await this.prepare();
    const shell = this.#ensureShell();
    if (!shell) return;
    act(shell);
    this.#settle();
  }

  /** Every trace event shown since the world started, where `trace` keeps the newest: the
   * logs and mailboxes read it. Reading it follows `trace`, so views update with it. */
  get record(): readonly Traced[] {
    void this.trace;
    return this.#record;
  }

  /** A running session's server is reading the message (after its 354 to DATA): every line
   * typed is the message, QUIT included, until a line with only a dot (RFC 5321 §4.1.1.4). */
  get inData(): boolean {
    if (!this.busy) return false;
    for (let i = this.trace.length - 1; i >= 0; i--) {
      const e = this.trace[i]!.event;
      if (e.type === 'smtp.state') return e.phase === 'receivingData';
    }
    return false;
  }

  /** When the world's clock started (log timestamps count from it). */
  get startedAt(): number {
    return this.#startedAt;
  }

  /** Enter: runs the line at the prompt, or hands it to the running tool. */
  submit(): void {
    const line = this.input;
    this.input = '';
    // Type-ahead: a line typed while a paste is still being sent goes after it.
    if (this.#paste.sending) this.#paste.push([line]);
    else this.#submitLine(line);
  }

  #submitLine(line: string): void {
    if (this.waiting) this.skipWait(); // typing ends the wait, as a keypress ends sleep
    this.typedLines.push(line);
    // Kept for hints, playback and share links: the newest of them.
    this.typedLines = newest(this.typedLines, TYPED_LINES_KEPT);
    this.typed++;
    if (this.#factory) return this.#run(line, false);
    // Nothing runs yet, so this is a command at the prompt: it belongs in the history now,
    // even if the page goes away before the tools arrive.
    if (this.#waiting.length === 0) this.#history.record(line);
    this.#waiting.push(line);
    void this.prepare();
  }

  #run(line: string, recorded: boolean): void {
    const shell = this.#ensureShell()!;
    const atPrompt = !shell.busy;
    this.typedSteps.push({ line, atPrompt });
    this.typedSteps = newest(this.typedSteps, TYPED_LINES_KEPT);
    // A demonstration's commands are not the learner's: they stay out of the history.
    if (atPrompt && !recorded && !this.demonstrating) this.#history.record(line);
    this.#add(atPrompt ? 'command' : 'client', line);
    shell.run(line);
    this.#showPrinted();
    const note = atPrompt ? coachingFor(line, this.#shown.at(-1)?.text) : null;
    if (note !== null) this.#add('info', note);
    this.#settle();
  }

  /** Tab: completes the word under the cursor; lists the choices when there are several. */
  complete(): void {
    const servers = this.world.hosts.map((h) => h.name);
    const hops = this.world.hosts
      .flatMap((host) => this.world.pathTo(host).map((hop) => hop.id))
      .filter((id, i, all) => all.indexOf(id) === i);
    const { line, choices } = complete(this.input, {
      commands: COMMAND_NAMES,
      hosts: [...servers, ...Object.keys(this.world.mx)],
      inSession: this.#shell?.busy ?? false,
      args: {
        eavesdrop: hops,
        logs: [...servers, 'firewall'],
        help: COMMAND_NAMES,
        man: COMMAND_NAMES,
      },
    });
    this.input = line;
    if (choices.length > 0) this.#add('info', choices.join('  '));
  }

  /** A paste of several lines: each is sent in turn, as a terminal sends pasted text (SMTP
   * clients call that pipelining, RFC 2920). */
  submitAll(text: string): void {
    const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
    this.input = '';
    if (lines.length > MAX_PASTE_LINES) {
      this.#add(
        'error',
        `That paste has ${thousands(lines.length)} lines; the lab sends at most ${thousands(MAX_PASTE_LINES)} at a time. Nothing was sent.`,
      );
      return;
    }
    this.#paste.push(lines);
  }

  /** Ctrl-C. */
  interrupt(): void {
    if (!this.#shell) return;
    this.#add('info', '^C');
    this.#shell.interrupt();
    this.#settle();
  }

  /** Ctrl-]: telnet's escape character, to its `telnet>` prompt. */
  escape(): void {
    if (!this.#shell) return;
    this.#shell.escape();
    this.#settle();
  }

  /** Ctrl-D: the end of what is typed to the running tool (curl -T -). */
  endOfInput(): void {
    if (!this.#shell) return;
    this.#shell.endOfInput();
    this.#settle();
  }

  /** Lines kept from before a reload, shown again, then a note (the world itself has started
   * afresh: what it holds is not restored). */
  restoreLines(lines: readonly Omit<ShellLine, 'id'>[], note: string): void {
    const kept = lines.slice(-(SCROLLBACK_LINES - 1));
    this.#printed = [];
    this.#shown = kept.map((line) => ({ ...line, id: this.#nextId++ }));
    this.#add('info', note);
  }

  /** A message from the lab itself (a recovered store, for instance). */
  notice(text: string): void {
    this.#add('info', text);
  }

  /** Shows a line in the Explain pane (a click on it, or focus). */
  select(line: ShellLine): void {
    this.selected = line;
  }

  /** Ctrl-L, as `clear` does. */
  clearScreen(): void {
    this.#shown = [];
    this.#printed = [];
    this.#publish();
  }

  historyBack(): void {
    const line = this.#history.previous(this.input);
    if (line !== null) this.input = line;
  }

  historyForward(): void {
    const line = this.#history.next();
    if (line !== null) this.input = line;
  }

  /** Ends the wait being played: everything held back shows at once. */
  skipWait(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.waiting = false;
    const held = this.#held;
    this.#held = [];
    for (const output of held) this.#show(output);
    this.#settle();
  }

  /** Output from the shell: shown now, or held while a wait plays. */
  #receive(output: ShellOutput): void {
    if (this.#timer !== null) {
      this.#held.push(output);
      return;
    }
    this.#show(output);
    if (output.kind === 'wait' && this.waitPace > 0 && output.ms >= 1000) this.#play(output.ms);
  }

  /** Let a virtual wait pass in real time, scaled by the pace; what follows waits for it. */
  #play(ms: number): void {
    this.#settle(); // the path shows what happened before the wait (the SYN on its way)
    this.waiting = true;
    this.#timer = setTimeout(
      () => {
        this.#timer = null;
        this.waiting = false;
        const held = this.#held;
        this.#held = [];
        for (const output of held) this.#receive(output);
        this.#settle();
      },
      Math.min((ms / 1000) * this.waitPace, MAX_PLAYED_WAIT_MS),
    );
  }

  #show(output: ShellOutput): void {
    switch (output.kind) {
      case 'line':
        this.#printed.push(output.text);
        if (this.#printed.length >= 2 * SCROLLBACK_LINES) this.#showPrinted();
        return;
      case 'wait': {
        // A wait too long to play at this pace says how long it really takes to show.
        const played = (output.ms / 1000) * this.waitPace;
        const note = delayNote(output.ms);
        return this.#add(
          'wait',
          played > MAX_PLAYED_WAIT_MS && output.ms >= 1000
            ? `${note.slice(0, -1)}: shown in ${MAX_PLAYED_WAIT_MS / 1000} s; Enter or Skip wait ends it)`
            : note,
        );
      }
      case 'clear':
        this.#shown = [];
        this.#printed = [];
        this.#publish();
        return;
      case 'trace':
        this.#pending.push({ at: output.at, event: output.event });
        return;
    }
  }

  /** After a command: publish the new trace events at once and the shell's state. */
  #settle(): void {
    if (this.#pending.length > 0) {
      // The panes and the goals read the newest events; a session of thousands of commands
      // would otherwise make every Enter copy and scan them all (goals met stay met: they
      // are saved as they are met).
      this.trace = newest([...this.trace, ...this.#pending], TRACE_EVENTS_KEPT);
      for (const traced of this.#pending) this.#record.push(traced);
      this.#pending = [];
    }
    this.busy = this.#shell?.busy ?? false;
    this.#publish();
  }

  /** Moves what tools printed into #shown; lines the scrollback would drop at once are
   * counted, not classified. */
  #showPrinted(): void {
    if (this.#printed.length === 0) return;
    let printed = this.#printed;
    this.#printed = [];
    if (printed.length >= SCROLLBACK_LINES) {
      this.#nextId += printed.length - (SCROLLBACK_LINES - 1);
      printed = printed.slice(-(SCROLLBACK_LINES - 1));
      this.#shown = [SCROLLED_OUT];
    }
    for (const text of printed) {
      const { kind, tone, note } = classifyOutput(text);
      this.#shown.push({ id: this.#nextId++, kind, text, tone, ...(note && { note }) });
    }
  }

  #publish(): void {
    this.#showPrinted();
    if (this.#shown.length > SCROLLBACK_LINES) {
      this.#shown = [SCROLLED_OUT, ...this.#shown.slice(-(SCROLLBACK_LINES - 1))];
    }
    if (this.lines.length !== this.#shown.length || this.lines.at(-1) !== this.#shown.at(-1)) {
      this.lines = this.#shown.slice();
    }
  }

  #add(kind: LineKind, text: string): void {
    this.#showPrinted();
    this.#shown.push({ id: this.#nextId++, kind, text });
    this.#publish();
  }
}
