// What curl writes to the terminal, as the terminal shows it. curl writes a stream: its
// progress meter redraws one line with "\r", its -v trace (src/tool_cb_dbg.c, the plain
// trace) writes "* " notes, "< " and "> " protocol lines (with their CRLF) and "{ [N bytes
// data]" / "} [N bytes data]" for data it does not show. A terminal turns that into rows: a
// row is printed when its newline comes, as it then stands ("\r" went back to its start).

export type Direction = 'in' | 'out';

export class CurlOutput {
  readonly #print: (row: string) => void;
  readonly #verbose: boolean;
  /** Data markers are left out when the data itself goes to the terminal (no upload). */
  readonly #dataMarkers: boolean;
  #row = '';
  #column = 0;
  /** A data marker was written since the last note or protocol line (traced_data). */
  #tracedData = false;

  constructor(print: (row: string) => void, options: { verbose: boolean; dataMarkers: boolean }) {
    this.#print = print;
    this.#verbose = options.verbose;
    this.#dataMarkers = options.dataMarkers;
  }

  /** Text as curl writes it, "\r" and "\n" included. */
  write(text: string): void {
    for (const part of text.split(/(\r|\n)/)) {
      if (part === '\n') {
        this.#print(this.#row);
        this.#row = '';
        this.#column = 0;
      } else if (part === '\r') {
        this.#column = 0;
      } else if (part !== '') {
        this.#row =
          this.#row.slice(0, this.#column) + part + this.#row.slice(this.#column + part.length);
        this.#column += part.length;
      }
    }
  }

  /** The row still open when curl exits (a prompt follows it on a terminal). */
  flush(): void {
    if (this.#row !== '') this.#print(this.#row);
    this.#row = '';
    this.#column = 0;
  }

  /** A -v note (infof, and failf's message): "* ...". */
  note(text: string): void {
    if (!this.#verbose) return;
    this.write(`* ${text}\n`);
    this.#tracedData = false;
  }

  /** A reply line read: "< 250 2.1.5 Ok" with the CRLF it came with. */
  received(line: string): void {
    if (!this.#verbose) return;
    this.write(`< ${line}\r\n`);
    this.#tracedData = false;
  }

  /** A command written: "> RCPT TO:<bob@example.org>". */
  sent(line: string): void {
    if (!this.#verbose) return;
    this.write(`> ${line}\r\n`);
    this.#tracedData = false;
  }

  /** Data curl does not show (a TLS record, the upload): only the first after a note or a
   * protocol line is mentioned. */
  data(direction: Direction, bytes: number): void {
    if (!this.#verbose || !this.#dataMarkers || this.#tracedData) return;
    this.write(`${direction === 'in' ? '{' : '}'} [${bytes} bytes data]\n`);
    this.#tracedData = true;
  }
}
