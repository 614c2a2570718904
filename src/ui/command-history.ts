// Shell-style command history: ArrowUp walks back, ArrowDown walks forward and finally
// returns the line that was being typed before the walk began.
export class CommandHistory {
  #saved: readonly string[] | (() => readonly string[]);
  #lines: string[] | null = null;
  readonly #onChange: (lines: readonly string[]) => void;
  #cursor = 0;
  #draft = '';

  /** `saved`: a history kept from before, or how to read it (read on first use: storage is
   * not free before the first paint); `onChange`: told after each new line (to save it). */
  constructor(
    saved: readonly string[] | (() => readonly string[]) = [],
    onChange: (lines: readonly string[]) => void = () => {},
  ) {
    this.#saved = saved;
    this.#onChange = onChange;
  }

  /** Reads the saved history now, if it has not been read yet. */
  load(): string[] {
    if (this.#lines === null) {
      this.#lines = [...(typeof this.#saved === 'function' ? this.#saved() : this.#saved)];
      this.#saved = [];
      this.#cursor = this.#lines.length;
    }
    return this.#lines;
  }

  /** Records a sent line; blank lines and immediate repeats are not kept. */
  record(line: string): void {
    const lines = this.load();
    if (line.trim() !== '' && lines.at(-1) !== line) {
      lines.push(line);
      this.#onChange(lines);
    }
    this.#cursor = lines.length;
    this.#draft = '';
  }

  /** The older line to show, or null when there is none. */
  previous(current: string): string | null {
    const lines = this.load();
    if (this.#cursor === 0) return null;
    if (this.#cursor === lines.length) this.#draft = current;
    this.#cursor -= 1;
    return lines[this.#cursor]!;
  }

  /** The newer line to show (the saved draft after the newest), or null at the end. */
  next(): string | null {
    const lines = this.load();
    if (this.#cursor >= lines.length) return null;
    this.#cursor += 1;
    return this.#cursor === lines.length ? this.#draft : lines[this.#cursor]!;
  }
}
