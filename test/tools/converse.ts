// Drives one engine session with typed lines in virtual time and collects what a client
// would see: each reply's lines, the effects, and the log.
import { SimulatedClock } from 'xstate';
import { createServerSession, type ServerSession } from '../../src/engine/smtp/session.ts';
import type { ServerProfile } from '../../src/engine/smtp/profile.ts';
import { octetsToText, textToOctets } from '../../src/engine/smtp/octets.ts';
import type { SessionEffect } from '../../src/engine/smtp/types.ts';

export interface Conversation {
  readonly session: ServerSession;
  readonly clock: SimulatedClock;
  readonly effects: SessionEffect[];
  /** Every reply so far, as its wire lines ("250-PIPELINING", "250 CHUNKING"). */
  replies(): string[][];
  /** The first line of every reply after the banner. */
  firstLines(): string[];
  /** Send text (CRLF added unless it already ends in LF); "@TLS" completes a handshake. */
  type(...lines: string[]): Conversation;
  logs(): string[];
}

export function converse(profile: ServerProfile, ...lines: string[]): Conversation {
  const clock = new SimulatedClock();
  const effects: SessionEffect[] = [];
  const session = createServerSession({
    profile,
    clock,
    onEffect: (e) => effects.push(e),
    nextQueueId: () => 'ABCDEF01234',
  });
  const replies = () =>
    effects.flatMap((e) =>
      e.type === 'reply' ? [octetsToText(e.wire).split('\r\n').slice(0, -1)] : [],
    );
  const conversation: Conversation = {
    session,
    clock,
    effects,
    replies,
    firstLines: () =>
      replies()
        .slice(1)
        .map((r) => r[0]!),
    logs: () => effects.flatMap((e) => (e.type === 'log' ? [octetsToText(e.message)] : [])),
    type(...more: string[]) {
      for (const line of more) {
        if (line === '@TLS') session.tlsEstablished();
        else session.receive(textToOctets(line.endsWith('\n') ? line : `${line}\r\n`));
      }
      return conversation;
    },
  };
  session.start();
  return conversation.type(...lines);
}
