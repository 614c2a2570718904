// AUTH (RFC 4954) with the PLAIN (RFC 4616) and LOGIN mechanisms, answered like Postfix
// with a Dovecot SASL backend: Dovecot's failure reasons, and its auth_failure_delay
// before a wrong password's 535.
import {
  accept,
  refuse,
  type AuthExchange,
  type Outcome,
  type SessionContext,
} from '../context.ts';
import type { Command } from '../command.ts';
import { replies } from '../reply.ts';
import { isValidUtf8 } from '../octets.ts';

const USERNAME_PROMPT = 'VXNlcm5hbWU6'; // base64("Username:")
const PASSWORD_PROMPT = 'UGFzc3dvcmQ6'; // base64("Password:")

export function auth(ctx: SessionContext, cmd: Command): Outcome {
  const { profile } = ctx;
  if (profile.restrictions.heloRequired && ctx.helo === null) return refuse(replies.needHelo);
  if (!profile.auth.enabled) return refuse(replies.authNotEnabled); // smtpd_sasl_auth_enable=no
  if (ctx.transaction !== null) return refuse(replies.transactionInProgress);
  if (profile.auth.tlsOnly && ctx.tls === null) return refuse(replies.authEncryptionRequired); // RFC 4954 §4
  if (ctx.authenticatedAs !== null) return refuse(replies.alreadyAuthenticated);
  if (cmd.args.length < 1 || cmd.args.length > 2) return refuse(replies.authSyntax);

  const mechanism = cmd.args[0]!.toUpperCase();
  if (
    !profile.auth.mechanisms.includes(mechanism) ||
    (mechanism !== 'PLAIN' && mechanism !== 'LOGIN')
  ) {
    return refuse(replies.authFailed('Invalid authentication mechanism'));
  }
  const initial = cmd.args[1];
  if (initial !== undefined && decodeBase64(initial) === null) {
    return refuse(replies.authFailed('Invalid base64 data in initial response'));
  }
  const start: AuthExchange =
    mechanism === 'PLAIN'
      ? { mechanism, awaiting: 'response', username: '' }
      : { mechanism, awaiting: 'username', username: '' };
  if (initial === undefined) {
    // RFC 4954 §4: no initial response, so the server asks (PLAIN with an empty challenge).
    const challenge = mechanism === 'PLAIN' ? '' : USERNAME_PROMPT;
    return accept(replies.authChallenge(challenge), 'auth.challenge', { authExchange: start });
  }
  return continueExchange(ctx, start, initial);
}

/** The client's answer to a 334 challenge. */
export function authResponse(ctx: SessionContext, line: string): Outcome {
  const exchange = ctx.authExchange!;
  if (line.trim() === '*') return ended(refuse(replies.authAborted)); // RFC 4954 §4: the client cancels
  if (decodeBase64(line.trim()) === null) {
    return ended(refuse(replies.authFailed('Invalid base64 data in continued response')));
  }
  return continueExchange(ctx, exchange, line.trim());
}

function continueExchange(ctx: SessionContext, exchange: AuthExchange, base64: string): Outcome {
  const decoded = decodeBase64(base64)!;
  if (exchange.awaiting === 'username') {
    // Dovecot refuses a user name that is not printable UTF-8 at once.
    if (!/^[^\x00-\x1f\x7f]*$/.test(decoded) || !isValidUtf8(decoded)) return failed(ctx);
    return accept(replies.authChallenge(PASSWORD_PROMPT), 'auth.challenge', {
      authExchange: { ...exchange, awaiting: 'password', username: decoded },
    });
  }
  let username: string;
  let password: string;
  if (exchange.awaiting === 'password') {
    username = exchange.username;
    password = decoded;
  } else {
    // RFC 4616 §2: [authzid] NUL authcid NUL passwd
    const parts = decoded.split('\0');
    if (parts.length !== 3) return failed(ctx);
    const [authzid = '', authcid = '', passwd = ''] = parts;
    if (authzid !== '' && authzid !== authcid) return failed(ctx);
    username = authcid;
    password = passwd;
  }
  const accounts = ctx.profile.auth.accounts;
  if (!Object.hasOwn(accounts, username) || accounts[username] !== password) return failed(ctx);
  return accept(replies.authSucceeded, 'authenticated', {
    authenticatedAs: username,
    authExchange: null,
  });
}

function failed(ctx: SessionContext): Outcome {
  return ended(
    refuse(replies.authFailed('(reason unavailable)'), undefined, ctx.profile.auth.failureDelayMs),
  );
}

function ended(outcome: Outcome): Outcome {
  return { ...outcome, intent: 'auth.ended', update: { ...outcome.update, authExchange: null } };
}

/** Strict RFC 4648 base64 ("=" alone is the empty string, RFC 4954 §4); null when invalid. */
export function decodeBase64(text: string): string | null {
  if (text === '=') return '';
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  try {
    return atob(text);
  } catch {
    return null;
  }
}
