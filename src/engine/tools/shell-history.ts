// The shell's history list as bash keeps it: at most HISTSIZE entries (500, bash's default
// for an interactive shell); as the oldest fall off, the numbers of the others stay
// (readline's history_base moves on), and `history -c` starts again from 1 (clear_history()).

/** bash's default HISTSIZE. */
export const HISTORY_SIZE = 500;

export class ShellHistory {
  #lines: string[] = [];
  #base = 1;

  add(line: string): void {
    this.#lines.push(line);
    if (this.#lines.length > HISTORY_SIZE) {
      this.#lines.shift();
      this.#base++;
    }
  }

  clear(): void {
    this.#lines = [];
    this.#base = 1;
  }

  /** The number `history` shows for the oldest entry kept. */
  get base(): number {
    return this.#base;
  }

  get length(): number {
    return this.#lines.length;
  }

  /** Entries oldest first, from the `from`th kept one on. */
  from(from: number): readonly string[] {
    return this.#lines.slice(from);
  }
}
