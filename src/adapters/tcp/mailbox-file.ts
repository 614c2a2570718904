// `--mailbox <file>`: delivered messages appended one after another, in mbox form as
// Postfix's local(8) writes them (the engine already adds the "From " line and Received:).
import { appendFile } from 'node:fs/promises';
import type { DeliveredMessage } from '../../engine/smtp/types.ts';

export function mailboxAppender(path: string, onError: (error: Error) => void) {
  let tail: Promise<void> = Promise.resolve();
  // One append at a time, so that concurrent sessions never interleave two messages.
  return (message: DeliveredMessage): void => {
    tail = tail.then(() => appendFile(path, Buffer.from(message.content, 'latin1'))).catch(onError);
  };
}
