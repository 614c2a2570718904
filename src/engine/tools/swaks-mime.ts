// swaks 20201014.0 --attach: the message becomes multipart/mixed MIME, the body its first
// text/plain part, each attachment a base64 part (its encode_mime_part(), with
// MIME::Base64's 76-character lines). As recorded against a real Postfix 3.7:
// test/fixtures/postfix-policy/message-size-swaks-attach.txt. The parts are made line by line
// as they are sent: an attached photo is never held whole.
import { octetsToText, textToOctets } from '../smtp/octets.ts';
import { openFile, type HomeFile } from './home.ts';
import type { AttachOption } from './swaks-options.ts';
import type { World } from '../world/world.ts';

export interface MimePart {
  readonly type: string;
  /** The file name it carries (name=, filename=), if any. */
  readonly name: string | null;
  readonly content: HomeFile;
}

/** swaks's boundary: its process id after a fixed prefix. */
export const boundaryOf = (pid: number) => `----=_MIME_BOUNDARY_000_${pid}`;

/** The attachments the options ask for, in order; or the error swaks stops with (exit 1)
 * and the deprecation warnings it prints first. */
export function attachments(
  world: World,
  options: readonly AttachOption[],
): { parts: MimePart[]; warnings: string[] } | { error: string } {
  const parts: MimePart[] = [];
  const warnings: string[] = [];
  let type = 'application/octet-stream';
  /** --attach-name's name for the next part; null: none at all; undefined: not given. */
  let nextName: string | null | undefined;
  for (const { option, value } of options) {
    if (option === 'attach-type') type = value!;
    else if (option === 'attach-name') nextName = value;
    else {
      const argument = value!;
      if (argument === '-')
        return { error: '*** --attach - (standard input) is not simulated in Port 25 Lab' };
      let content: HomeFile | null;
      let fromFile = true;
      if (argument.startsWith('@')) {
        // "@file": the file, or an error. The shell expands no "~" after the "@".
        const path = argument.slice(1);
        content = path.startsWith('~') ? null : openFile(world, path);
        if (content === null) {
          return {
            error: `*** Option processing error: file ${path} not openable for option attach (No such file or directory)`,
          };
        }
      } else {
        // The older rule: a file if one is there (with a warning), else the text itself.
        content = openFile(world, argument);
        if (content !== null) {
          warnings.push(
            "*** DEPRECATION WARNING: Inferring a filename from the argument to --attach will be removed in the future.  Prefix filenames with '@' instead.",
          );
        } else {
          fromFile = false;
          const text = textToOctets(argument);
          content = { size: text.length, text: argument, octets: () => [text] };
        }
      }
      // Named after the argument as given (its last "/" part, so "@photo.jpg" keeps its "@")
      // when it came from a file; --attach-name overrides that for this part.
      const name =
        nextName !== undefined
          ? nextName
          : fromFile && !argument.replace(/^@/, '').startsWith('@')
            ? /\/?([^/]+)$/.exec(argument)![1]!
            : null;
      nextName = undefined;
      parts.push({ type, name, content });
    }
  }
  return { parts, warnings };
}

/** MIME::Base64 encode_base64(octets, "\n"): lines of 76, made piece by piece. */
function* base64Lines(content: HomeFile): Iterable<string> {
  let carry = '';
  let text = '';
  for (const piece of content.octets()) {
    const octets = carry + piece;
    const whole = octets.length - (octets.length % 3);
    carry = octets.slice(whole);
    text += btoa(octets.slice(0, whole));
    const full = text.length - (text.length % 76);
    for (let i = 0; i < full; i += 76) yield text.slice(i, i + 76);
    text = text.slice(full);
  }
  text += btoa(carry);
  for (let i = 0; i < text.length; i += 76) yield text.slice(i, i + 76);
}

/** One part after its boundary line (encode_mime_part()): a text/plain part without a name
 * goes as it is; any other is named (or marked an attachment) and base64-encoded. */
function* partLines(part: MimePart): Iterable<string> {
  if (/^text\/plain$/i.test(part.type) && !part.name) {
    yield `Content-Type: ${part.type}`;
    yield '';
    let text = '';
    for (const piece of part.content.octets()) text += piece;
    yield* octetsToText(text).split('\n');
    return;
  }
  if (part.name) {
    yield `Content-Type: ${part.type}; name="${part.name}"`;
    yield `Content-Description: ${part.name}`;
    yield `Content-Disposition: attachment; filename="${part.name}"`;
  } else {
    yield `Content-Type: ${part.type}`;
    yield 'Content-Disposition: attachment';
  }
  yield 'Content-Transfer-Encoding: BASE64';
  yield '';
  yield* base64Lines(part.content);
  yield '';
}

/** The MIME headers swaks adds after X-Mailer. */
export const mimeHeaders = (boundary: string) => [
  'MIME-Version: 1.0',
  `Content-Type: multipart/mixed; boundary="${boundary}"`,
];

/** The body: the text part (`body`'s lines), each attachment, the closing boundary. */
export function* mimeBody(
  boundary: string,
  body: readonly string[],
  parts: readonly MimePart[],
): Iterable<string> {
  yield `--${boundary}`;
  yield 'Content-Type: text/plain';
  yield '';
  yield* body;
  for (const part of parts) {
    yield `--${boundary}`;
    yield* partLines(part);
  }
  yield `--${boundary}--`;
}
