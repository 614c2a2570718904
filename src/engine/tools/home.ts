// The learner's home directory: the lab has no file system, only these files, which tools
// that read a file (curl -T, swaks --attach, cat) find there. Paths are relative to the home
// directory, or absolute under it.
import { textToOctets } from '../smtp/octets.ts';
import { seededWords } from '../seeded-random.ts';
import type { World } from '../world/world.ts';
import { own } from '../own.ts';

/** A file of the home directory. */
export interface HomeFile {
  /** Its size in octets (what curl declares with SIZE=). */
  readonly size: number;
  /** Its text, for a text file; null for binary content (read it with octets()). */
  readonly text: string | null;
  /** Its octets (one char per byte), piece by piece: a big file is never held whole. */
  octets(): Iterable<string>;
}

/** The message of the recorded curl sessions (shared/fidelity/tools/index.json, stdin). */
const MESSAGE = 'Subject: curl test\n\nhello from curl\n';

/** photo.jpg: a photo too big for some servers once it is attached. 3 MiB (3,145,728 octets)
 * rather than a camera's 10 MB or so: every line a client sends is kept in the world's trace,
 * and swaks --attach sends this one as 55,189 lines of base64 (a 4,305,528-octet message, as
 * real swaks and Postfix made of a photo of this size: test/fixtures/postfix-policy/
 * message-size-swaks-attach.txt). Enough to pass a message_size_limit of 4,000,000 as a file
 * (curl -T) and to fail it as an attachment. A JFIF header, pseudo-random octets (the same
 * every time), the end-of-image marker; made piece by piece whenever it is read. Its seed
 * makes octets without "LF . LF" (or "LF . CR LF"): curl -T sends a file as it is, escaping a
 * dot only after CRLF, and Postfix 3.7 (smtpd_forbid_bare_newline = no) would take that line
 * for the end of the data. */
export const PHOTO_SIZE = 3 * 1024 * 1024;

/** photo-small.jpg: the same photo resized to 768 KiB (786,432 octets), which a limit of
 * 4,000,000 takes even as base64 (about 1.08 MB). */
export const SMALL_PHOTO_SIZE = 768 * 1024;

const JFIF_HEADER = '\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x01\x00\x48\x00\x48\x00\x00';
const END_OF_IMAGE = '\xff\xd9';
/** A multiple of 57 octets: 76 characters of base64 each. */
const PIECE = 57 * 1024;

/** PIECE pseudo-random octets from `seed`, made once: a photo is its header, this block over
 * and over, and its end marker. Random octets make as much base64 as a real photo does, and
 * nobody reads them; drawing 3 MiB of them on every send cost more than the rest of it. */
const blocks = new Map<number, string>();
function randomBlock(seed: number): string {
  let block = blocks.get(seed);
  if (block === undefined) {
    const words = seededWords(seed);
    const buffer = new Uint32Array(PIECE / 4);
    for (let i = 0; i < buffer.length; i++) buffer[i] = words();
    const octets = new Uint8Array(buffer.buffer);
    block = '';
    for (let start = 0; start < PIECE; start += 8192)
      block += String.fromCharCode.apply(
        null,
        octets.subarray(start, start + 8192) as unknown as number[],
      );
    blocks.set(seed, block);
  }
  return block;
}

function* photoOctets(size: number, seed: number): Iterable<string> {
  const block = randomBlock(seed);
  const body = size - JFIF_HEADER.length - END_OF_IMAGE.length;
  let made = 0;
  let piece = JFIF_HEADER;
  while (made < body) {
    const count = Math.min(PIECE - piece.length, body - made);
    piece += block.slice(0, count);
    made += count;
    if (made === body) piece += END_OF_IMAGE;
    yield piece;
    piece = '';
  }
}

const FILES: Readonly<Record<string, HomeFile>> = {
  'message.txt': {
    size: new TextEncoder().encode(MESSAGE).length,
    text: MESSAGE,
    octets: () => [textToOctets(MESSAGE)],
  },
  'photo.jpg': { size: PHOTO_SIZE, text: null, octets: () => photoOctets(PHOTO_SIZE, 2) },
  'photo-small.jpg': {
    size: SMALL_PHOTO_SIZE,
    text: null,
    octets: () => photoOctets(SMALL_PHOTO_SIZE, 3),
  },
};

/** The names of the files in the home directory, sorted as ls sorts them. */
export const homeFiles = (): string[] => Object.keys(FILES).sort();

/** A home directory file by its name, or null when there is none. */
export const homeFile = (name: string): HomeFile | null => own(FILES, name) ?? null;

/** /home/alice, or /root for root. */
export const homeOf = (world: World) =>
  world.laptop.user === 'root' ? '/root' : `/home/${world.laptop.user}`;

/** The file at `path`, or null when there is no such file. /dev/null is empty. */
export function openFile(world: World, path: string): HomeFile | null {
  if (path === '/dev/null') return { size: 0, text: '', octets: () => [] };
  const home = `${homeOf(world)}/`;
  const full = path.replace(/^~\//, home); // what the shell makes of ~/
  const relative = full.startsWith(home) ? full.slice(home.length) : full.replace(/^(\.\/)+/, '');
  return own(FILES, relative) ?? null;
}
