// The learner's home directory: the lab has no file system, only these files, which tools
// that read a file (curl -T) find there. Paths are relative to the home directory, or
// absolute under it.
import type { World } from '../world/world.ts';
import { own } from '../own.ts';

/** The message of the recorded curl sessions (shared/fidelity/tools/index.json, stdin). */
const FILES: Readonly<Record<string, string>> = {
  'message.txt': 'Subject: curl test\n\nhello from curl\n',
};

/** The names of the files in the home directory, sorted as ls sorts them. */
export const homeFiles = (): string[] => Object.keys(FILES).sort();

/** /home/alice, or /root for root. */
export const homeOf = (world: World) =>
  world.laptop.user === 'root' ? '/root' : `/home/${world.laptop.user}`;

/** A file's content, or null when there is no such file. /dev/null is empty. */
export function readFile(world: World, path: string): string | null {
  if (path === '/dev/null') return '';
  const home = `${homeOf(world)}/`;
  const full = path.replace(/^~\//, home); // what the shell makes of ~/
  const relative = full.startsWith(home) ? full.slice(home.length) : full.replace(/^(\.\/)+/, '');
  return own(FILES, relative) ?? null;
}
