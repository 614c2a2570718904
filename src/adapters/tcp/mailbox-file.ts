// `--mailbox <file>`: delivered messages appended one after another, in mbox form as
// Postfix's local(8) writes them (the engine already adds the "From " line and Received:).
// Written before the 250, so that a failed write is the client's 451 and not lost mail, and
// under a dot-lock (<file>.lock, as local(8) does with mailbox_delivery_lock = dotlock), so
// that two `serve` processes sharing a mailbox never splice two messages together.
import { closeSync, fstatSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import type { DeliveredMessage } from '../../engine/smtp/types.ts';

/** How long a delivery waits for another process's lock before it gives up (a 451). */
const LOCK_WAIT_MS = 10_000;
/** stale_lock_time: a lock file older than this was left by a process that died. */
const STALE_LOCK_MS = 500_000;

/** Why `path` cannot take mail, or null. Checked at start: `serve` refuses to run without a
 * mailbox it can write (a missing folder, a directory, /proc/version...). */
export function mailboxProblem(path: string): string | null {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'a');
    if (!fstatSync(fd).isFile()) return 'not a regular file';
    writeSync(fd, ''); // a file that refuses writes (procfs answers EIO) says so now
    return null;
  } catch (error) {
    return describe(error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Appends each entry, locked; null when written, else the reason (nothing half-written is
 * left behind as a delivered message: the client is told 451 and will send again). */
export function mailboxWriter(
  path: string,
  lockWaitMs = LOCK_WAIT_MS,
): (entries: readonly DeliveredMessage[]) => string | null {
  return (entries) => {
    if (entries.length === 0) return null;
    const lock = `${path}.lock`;
    const problem = takeLock(lock, lockWaitMs);
    if (problem !== null) return problem;
    try {
      const fd = openSync(path, 'a');
      try {
        for (const entry of entries) writeAll(fd, Buffer.from(entry.content, 'latin1'));
      } finally {
        closeSync(fd);
      }
      return null;
    } catch (error) {
      return describe(error);
    } finally {
      try {
        unlinkSync(lock);
      } catch {
        // already gone: nothing to release
      }
    }
  };
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
}

/** dot_lockfile(): create <file>.lock exclusively, waiting out another holder. */
function takeLock(lock: string, waitMs: number): string | null {
  const deadline = Date.now() + waitMs;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return describe(error);
    }
    try {
      if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) unlinkSync(lock);
    } catch {
      // the holder released it meanwhile
    }
    if (Date.now() > deadline) return `cannot lock ${lock}: Resource temporarily unavailable`;
    Atomics.wait(pause, 0, 0, 5); // a short, blocking wait: deliveries are short
  }
}

/** strerror()-style text, as Postfix's %m prints it. */
function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const texts: Record<string, string> = {
    ENOENT: 'No such file or directory',
    EISDIR: 'Is a directory',
    EACCES: 'Permission denied',
    EPERM: 'Operation not permitted',
    EROFS: 'Read-only file system',
    ENOSPC: 'No space left on device',
    EDQUOT: 'Disk quota exceeded',
    EIO: 'Input/output error',
    ENOTDIR: 'Not a directory',
  };
  return (
    (e.code !== undefined && Object.hasOwn(texts, e.code) ? texts[e.code] : e.message) ?? 'error'
  );
}
