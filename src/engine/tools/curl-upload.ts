// What curl uploads over SMTP (lib/smtp.c, lib/transfer.c of curl 7.88.1): the data as it
// reads it (LF line ends stay LF unless --crlf), dot-escaped its own way, then its end of
// data. Verified on the wire against the real curl: "x\ny" goes as "x\ny\r\n.\r\n",
// ".a\n.b\r\n.c\r\n" as "..a\n.b\r\n..c\r\n.\r\n".

/** Dot-escaping of the upload (Curl_smtp_escape_eob()): "\r\n." becomes "\r\n..", as the
 * first "." of the data does; a "." after a bare LF is sent as it is. */
export class EobEscaper {
  /** How much of "\r\n.\r\n" the data has just matched; 2: the data starts a line. */
  #eob = 2;
  /** The data so far ends with CRLF (or is empty): the end of data is then ".\r\n". */
  trailingCrlf = true;

  escape(chunk: string): string {
    const EOB = '\r\n.\r\n';
    let out = '';
    let sent = this.#eob;
    for (const c of chunk) {
      if (EOB[this.#eob] === c) {
        this.#eob++;
        this.trailingCrlf = this.#eob === 2 || this.#eob === 5;
      } else if (this.#eob) {
        out += EOB.slice(sent, this.#eob);
        this.#eob = c === '\r' ? 1 : 0;
        sent = 0;
        this.trailingCrlf = false;
      }
      if (this.#eob === 3) {
        out += '\r\n..'.slice(sent);
        this.#eob = 0;
        sent = 0;
      } else if (!this.#eob) out += c;
    }
    return out + EOB.slice(sent, Math.max(sent, this.#eob));
  }
}
