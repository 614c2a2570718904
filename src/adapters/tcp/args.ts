// Command-line options of `npm run serve` (DESIGN.md, "real socket"): which reference
// profile, on which port, loopback by default.
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import { referenceProfiles } from '../../engine/smtp/profiles.ts';

export interface ServeOptions {
  readonly profileId: string;
  readonly port: number;
  readonly host: string;
  /** Append every delivered message to this file (mbox, as Postfix's local(8) writes it). */
  readonly mailbox?: string;
}

export type ParsedArgs =
  | { readonly kind: 'run'; readonly options: ServeOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

const PROFILE_IDS = Object.keys(referenceProfiles);

export const USAGE = `usage: npm run serve -- --profile <${PROFILE_IDS.join('|')}> --port <n> [--host 127.0.0.1] [--mailbox <file>]

Runs one simulated Postfix SMTP service on a real TCP port.

  --profile   mx (port 25 role), mx-hardened (2525), submission (587, STARTTLS + AUTH),
              submissions (465, implicit TLS)
  --port      TCP port to listen on (0 picks a free one)
  --host      address to listen on (default 127.0.0.1; ::1 for IPv6 loopback)
  --mailbox   append delivered messages to this file
  --help      show this text

Postfix-style log lines go to stderr. Start several instances on different ports to run
several services at once.`;

export function parseServeArgs(argv: readonly string[]): ParsedArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        profile: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string', default: '127.0.0.1' },
        mailbox: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  if (values.help) return { kind: 'help' };

  if (values.profile === undefined) {
    return { kind: 'error', message: `--profile is required (one of ${PROFILE_IDS.join(', ')})` };
  }
  if (!Object.hasOwn(referenceProfiles, values.profile)) {
    return {
      kind: 'error',
      message: `unknown profile "${values.profile}" (expected one of ${PROFILE_IDS.join(', ')})`,
    };
  }
  if (values.port === undefined) return { kind: 'error', message: '--port is required' };
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65535) {
    return { kind: 'error', message: `invalid port "${values.port}" (expected 0-65535)` };
  }
  const host = values.host;
  if (isIP(host) === 0) {
    return {
      kind: 'error',
      message: `invalid host "${host}" (expected an IP address such as 127.0.0.1 or ::1)`,
    };
  }
  if (values.mailbox === '') return { kind: 'error', message: '--mailbox needs a file path' };

  return {
    kind: 'run',
    options: { profileId: values.profile, port, host, mailbox: values.mailbox },
  };
}

/** Loopback addresses: the only ones the lab should listen on without a second thought. */
export function isLoopback(host: string): boolean {
  return host === '::1' || /^127\./.test(host);
}
