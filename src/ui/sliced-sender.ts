// Lines pasted, or a link's script, sent to the lab a slice at a time: the page draws and
// answers keys between slices, so no paste or link holds the main thread (issue 11). A slice
// ends after SLICE_MS of commands or once they have printed SLICE_LINES lines (drawing them
// costs more than making them); it always sends at least one line.

const SLICE_MS = 12;
const SLICE_LINES = 300;

export interface SlicedSenderDeps {
  /** Sends one line, as Enter would. */
  send(line: string): void;
  /** Lines printed so far (any counter that grows with them). */
  printed(): number;
  /** Whether the tools are loaded; if not, `load` brings them (false: they failed). */
  ready(): boolean;
  load(): Promise<boolean>;
}

export class SlicedSender {
  readonly #deps: SlicedSenderDeps;
  /** Lines still to send, oldest first, from #at on. */
  #queue: string[] = [];
  #at = 0;
  #next: ReturnType<typeof setTimeout> | null = null;

  constructor(deps: SlicedSenderDeps) {
    this.#deps = deps;
  }

  /** Lines are still waiting: a line typed now belongs after them. */
  get sending(): boolean {
    return this.#at < this.#queue.length;
  }

  /** Queues lines; sending starts at once unless a slice is already due. */
  push(lines: readonly string[]): void {
    const idle = !this.sending;
    for (const line of lines) this.#queue.push(line);
    if (idle) this.#slice();
  }

  /** Forgets what is left (a fresh world, or tools that failed to load). */
  drop(): void {
    if (this.#next !== null) clearTimeout(this.#next);
    this.#next = null;
    this.#queue = [];
    this.#at = 0;
  }

  #later(): void {
    this.#next = setTimeout(() => this.#slice(), 0);
  }

  #slice(): void {
    this.#next = null;
    if (!this.#deps.ready()) {
      // The next slice gets a task of its own: the one that evaluated the tools has had its
      // share of the main thread.
      void this.#deps.load().then((loaded) => (loaded ? this.#later() : this.drop()));
      return;
    }
    const start = performance.now();
    const printed = this.#deps.printed();
    while (this.sending) {
      if (performance.now() - start > SLICE_MS || this.#deps.printed() - printed > SLICE_LINES) {
        return this.#later();
      }
      this.#deps.send(this.#queue[this.#at++]!);
    }
    this.drop();
  }
}
