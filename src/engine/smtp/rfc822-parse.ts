// RFC 822 address parsing as Postfix's tok822_parse() does it (global/tok822_parse.c), which
// smtpd's extract_addr() applies to every MAIL FROM and RCPT TO argument:
// - scan left to right into atoms, "quoted strings", [domain literals], (comments, nested)
//   and one-octet operators; a quote, bracket or comment that never closes runs to the end;
// - group right to left into addresses: two words (atom, quoted string or domain literal)
//   with no operator between them are two addresses, as if a comma were missing; "<...>"
//   and "group: ...;" make addresses of what they enclose; comments move out of the way.
// extract_addr() then refuses more than one address, and uses the internal form of the one.

type Operator = string; // one of OPERATORS
export type Tok822Type = 'atom' | 'qstring' | 'domlit' | 'comment' | 'addr' | 'startgrp' | Operator;

export interface Tok822 {
  type: Tok822Type;
  /** Atom and quoted-string text unquoted; a comment in its external form, "(...)". */
  text: string;
  prev: Tok822 | null;
  next: Tok822 | null;
  /** An address's tokens, first to last. */
  head: Tok822 | null;
}

/** tok822_opchar: "|%!" and the RFC 822 specials. */
const OPERATORS = '|%!()<>@,;:\\".[]';
const isSpaceTabCrLf = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isWord = (t: Tok822) => t.type === 'atom' || t.type === 'qstring' || t.type === 'domlit';

function token(type: Tok822Type, text = ''): Tok822 {
  return { type, text, prev: null, next: null, head: null };
}

/** tok822_scan(): the flat token list. */
export function scan822(text: string): Tok822[] {
  const tokens: Tok822[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i++]!;
    if (isSpaceTabCrLf(c)) continue;
    if (c === '(') {
      const end = commentEnd(text, i);
      tokens.push(token('comment', `(${text.slice(i, end)}`));
      i = end;
    } else if (c === '[' || c === '"') {
      const run = collect(text, i, (ch) => ch !== (c === '[' ? ']' : '"'));
      tokens.push(token(c === '[' ? 'domlit' : 'qstring', run.text));
      i = run.end < text.length ? run.end + 1 : run.end; // skip the closing octet
    } else if (c !== '\\' && OPERATORS.includes(c)) {
      tokens.push(token(c));
    } else {
      const run = collect(text, i - 1, (ch) => !isSpaceTabCrLf(ch) && !OPERATORS.includes(ch));
      // tok822_quote_atom(): an atom that holds a blank, a control or an operator (through
      // backslashes) is a quoted string; 8-bit octets are left alone.
      const quoted = /[ \x00-\x1f\x7f|%!()<>@,;:\\".[\]]/.test(run.text);
      tokens.push(token(quoted ? 'qstring' : 'atom', run.text));
      i = run.end;
    }
  }
  return tokens;
}

/** COLLECT(): octets while `more` holds, a backslash taking the next one as it is, blanks
 * and line ends as one space. */
function collect(text: string, from: number, more: (c: string) => boolean) {
  let out = '';
  let i = from;
  while (i < text.length) {
    let c = text[i]!;
    if (c === '\\') {
      if (++i >= text.length) break;
      c = text[i]!;
    } else if (!more(c)) break;
    out += isSpaceTabCrLf(c) ? ' ' : c;
    i++;
  }
  return { text: out, end: i };
}

/** tok822_comment(): to the ")" that closes the first "(", or the end. */
function commentEnd(text: string, from: number): number {
  let level = 1;
  let i = from;
  while (i < text.length) {
    const c = text[i++];
    if (c === '(') level++;
    else if (c === ')' && --level === 0) break;
    else if (c === '\\' && i < text.length) i++;
  }
  return i;
}

// The doubly linked list operations of tok822_tree.c, which the parser is written in.
function link(left: Tok822, right: Tok822 | null): void {
  left.next = right;
  if (right) right.prev = left;
}
function insertAfter(left: Tok822, t: Tok822): void {
  const next = left.next;
  link(left, t);
  link(t, next);
}
function unlink(t: Tok822): Tok822 {
  const prev = t.prev!;
  link(prev, t.next);
  t.prev = t.next = null;
  return prev;
}

/** tok822_group(): the tokens strictly between `left` and `right` become one address,
 * optionally with a resynchronising comma before it; returns `left`. */
function group(left: Tok822, right: Tok822, addComma: boolean): Tok822 {
  const first = left.next!;
  if (left === right || first === right) return left;
  const addr = token('addr');
  addr.head = first;
  first.prev = null;
  right.prev!.next = null;
  link(left, addr);
  link(addr, right);
  if (addComma) insertAfter(left, token(','));
  return left;
}

/** tok822_parse(): the top-level list (addresses, and what is not part of one). */
export function parse822(text: string): Tok822[] {
  const head = token('');
  const tail = token('');
  let last = head;
  for (const t of scan822(text)) {
    link(last, t);
    last = t;
  }
  link(last, tail);

  let doWord = true;
  let doGroup = false;
  let right: Tok822 = tail;
  let tp: Tok822 = tail.prev!;
  /** MOVE_COMMENT_AND_CONTINUE: the comment goes just before `right`, out of the address. */
  const moveComment = (comment: Tok822): Tok822 => {
    const prev = unlink(comment);
    link(right.prev!, comment);
    link(comment, right);
    right = comment;
    return prev;
  };
  while (tp.type !== '') {
    if (tp.type === 'comment') {
      tp = moveComment(tp);
      continue;
    } else if (tp.type === ';') {
      // the right-hand side of a named group
      right = group(tp, right, true);
      doGroup = doWord = true;
    } else if (tp.type === ':' && doGroup) {
      tp.type = 'startgrp';
      group(tp, right, false);
      while (tp.type !== '' && tp.type !== ',') tp = tp.prev!;
      right = tp;
      continue;
    } else if (tp.type === '>') {
      // the right-hand side of a <route-addr>
      right = group(tp, right, true);
      while (tp.type !== '' && tp.type !== '<') {
        if (tp.type === 'comment') tp = moveComment(tp);
        else tp = tp.prev!;
      }
      group(tp, right, false);
      while (tp.type !== '' && !'>;,:'.includes(tp.type.length === 1 ? tp.type : '-'))
        tp = tp.prev!;
      right = tp;
      doWord = true;
      continue;
    } else if (isWord(tp)) {
      if (!doWord) right = group(tp, right, true).next!;
      doWord = false;
    } else if (tp.type === ',') {
      right = group(tp, right, false);
      doWord = true;
    } else {
      doWord = true;
    }
    tp = tp.prev!;
  }
  group(tp, right, false);

  const top: Tok822[] = [];
  for (let t = head.next; t && t !== tail; t = t.next) top.push(t);
  return top;
}

/** tok822_internalize() of an address's tokens: unquoted text, domain literals in [...]. */
export function internalize822(first: Tok822 | null): string {
  let out = '';
  for (let t = first; t; t = t.next) {
    if (t.type === 'addr') out += internalize822(t.head);
    else if (t.type === 'domlit') out += `[${t.text}]`;
    else if (t.type === 'startgrp') out += ':';
    else if (t.type === 'atom' || t.type === 'qstring' || t.type === 'comment') out += t.text;
    else out += t.type;
  }
  return out;
}
