// Shell-style command history: ArrowUp walks back, ArrowDown walks forward and finally
// returns the line that was being typed before the walk began.
export class CommandHistory {
  readonly #lines: string[];
  readonly #onChange: (lines: readonly string[]) => void;
  #cursor: number;
  #draft = '';

  /** `lines`: a history kept from before; `onChange`: told after each new line (to save it). */
  constructor(
    lines: readonly string[] = [],
    onChange: (lines: readonly string[]) => void = () => {},
  ) {
    this.#lines = [...lines];
    this.#cursor = this.#lines.length;
    this.#onChange = onChange;
  }

  /** Records a sent line; blank lines and immediate repeats are not kept. */
  record(line: string): void {
    if (line.trim() !== '' && this.#lines.at(-1) !== line) {
      this.#lines.push(line);
      this.#onChange(this.#lines);
    }
    this.#cursor = this.#lines.length;
    this.#draft = '';
  }

  /** The older line to show, or null when there is none. */
  previous(current: string): string | null {
    if (this.#cursor === 0) return null;
    if (this.#cursor === this.#lines.length) this.#draft = current;
    this.#cursor -= 1;
    return this.#lines[this.#cursor];
  }

  /** The newer line to show (the saved draft after the newest), or null at the end. */
  next(): string | null {
    if (this.#cursor >= this.#lines.length) return null;
    this.#cursor += 1;
    return this.#cursor === this.#lines.length ? this.#draft : this.#lines[this.#cursor];
  }
}
