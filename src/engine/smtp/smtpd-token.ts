// The words of an SMTP command as Postfix's smtpd_token() cuts them (smtpd/smtpd_token.c):
// blanks separate words, except inside "<...>" and "\"...\"", which nest ("<" inside "<",
// '"' inside either) and may hold blanks; a backslash quotes the next octet; "FROM:" and
// "TO:" end a word of their own, so "FROM:<a@b>" is two words. A "<" or '"' that never
// closes makes its word an error, which MAIL and RCPT answer with "Bad ... address syntax".

export interface SmtpdToken {
  readonly text: string;
  /** An opening "<" or '"' without its closing partner (SMTPD_TOK_ERROR). */
  readonly error: boolean;
}

/** isspace() in the C locale. */
const isSpace = (c: string) => c === ' ' || (c >= '\t' && c <= '\r');

export function smtpdTokens(line: string): SmtpdToken[] {
  const tokens: SmtpdToken[] = [];
  let i = 0;
  while (i < line.length) {
    let text = '';
    let error = false;
    for (; i < line.length;) {
      const c = line[i++]!;
      if (isSpace(c)) {
        while (i < line.length && isSpace(line[i]!)) i++;
        if (text !== '') break;
      } else if (c === '<' || c === '"') {
        const quoted = quotedRun(line, i, c, c === '<' ? '>' : '"');
        text += quoted.text;
        i = quoted.end;
        error ||= quoted.error;
      } else if (c === ':') {
        text += c;
        const lower = text.toLowerCase();
        if ('to:'.startsWith(lower) || 'from:'.startsWith(lower)) break; // "this is gross, but..."
      } else if (c === '\\') {
        text += c;
        if (i < line.length) text += line[i++];
      } else text += c;
    }
    if (text !== '') tokens.push({ text, error });
  }
  return tokens;
}

/** smtp_quoted(): from just after `start` to its matching `last`, with a stack for nesting. */
function quotedRun(line: string, from: number, start: string, last: string) {
  const wanted = [last];
  let text = start;
  let i = from;
  while (i < line.length) {
    const c = line[i++]!;
    text += c;
    if (c === '\\') {
      if (i >= line.length) break;
      text += line[i++];
    } else if (c === wanted.at(-1)) {
      if (wanted.length === 1) return { text, end: i, error: false };
      wanted.pop();
    } else if (c === '"')
      wanted.push('"'); // highest precedence
    else if (c === '<' && wanted.at(-1) === '>') wanted.push('>'); // lowest precedence
  }
  return { text, end: i, error: true };
}
