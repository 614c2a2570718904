// HELO / EHLO (RFC 5321 §4.1.1.1). Any argument is accepted here; smtpd_helo_restrictions
// judge it later, at RCPT. A greeting always resets the mail transaction.
import { accept, refuse, type Outcome, type SessionContext } from '../context.ts';
import type { Command } from '../command.ts';
import { replies } from '../reply.ts';
import { ehloKeywords } from './ehlo-keywords.ts';
import { printable } from '../octets.ts';

/** smtpd.c NEUTER_CHARACTERS: replaced in the stored HELO name, which goes into Received:
 * headers and log lines. */
const NEUTERED = /[ <>()\\";@]/g;

/** The HELO name as smtpd keeps it: the words joined, non-printables and the characters that
 * could mess up a header each replaced by "?" ("a b<c>" is "a?b?c?"). */
function heloName(cmd: Command): string {
  return printable(cmd.args.join(' '), '?').replace(NEUTERED, '?');
}

export function helo(ctx: SessionContext, cmd: Command): Outcome {
  if (cmd.args.length === 0) return refuse(replies.heloSyntax);
  return accept(replies.helo(ctx.profile.hostname), 'hello', {
    helo: { name: heloName(cmd), esmtp: false },
    transaction: null,
  });
}

export function ehlo(ctx: SessionContext, cmd: Command): Outcome {
  if (cmd.args.length === 0) return refuse(replies.ehloSyntax);
  return accept(replies.ehlo(ctx.profile.hostname, ehloKeywords(ctx)), 'hello', {
    helo: { name: heloName(cmd), esmtp: true },
    transaction: null,
  });
}
