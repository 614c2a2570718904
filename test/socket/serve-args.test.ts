// `npm run serve` options: what is accepted, and the message for what is not.
import { describe, expect, it } from 'vitest';
import { parseServeArgs } from '../../src/adapters/tcp/args.ts';

describe('serve arguments', () => {
  it('takes a profile and a port, loopback by default', () => {
    expect(parseServeArgs(['--profile', 'mx', '--port', '2525'])).toEqual({
      kind: 'run',
      options: { profileId: 'mx', port: 2525, host: '127.0.0.1', mailbox: undefined },
    });
  });

  it('takes --host ::1 and --mailbox', () => {
    expect(
      parseServeArgs([
        '--profile',
        'submissions',
        '--port',
        '0',
        '--host',
        '::1',
        '--mailbox',
        '/tmp/bob',
      ]),
    ).toMatchObject({
      kind: 'run',
      options: { profileId: 'submissions', port: 0, host: '::1', mailbox: '/tmp/bob' },
    });
  });

  it('answers --help', () => {
    expect(parseServeArgs(['--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], /--profile is required/],
    [
      ['--profile', 'exchange', '--port', '25'],
      /unknown profile "exchange" \(expected one of mx, mx-hardened, submission, submissions\)/,
    ],
    [['--profile', 'mx'], /--port is required/],
    [['--profile', 'mx', '--port', '70000'], /invalid port "70000"/],
    [['--profile', 'mx', '--port', 'smtp'], /invalid port "smtp"/],
    [
      ['--profile', 'mx', '--port', '25', '--host', 'mx.example.org'],
      /invalid host "mx.example.org"/,
    ],
    [['--profile', 'mx', '--port', '25', '--verbose'], /Unknown option '--verbose'/],
    [['--profile', 'mx', '--port', '25', 'extra'], /positional argument/],
  ])('refuses %j', (argv, message) => {
    const parsed = parseServeArgs(argv);
    expect(parsed.kind).toBe('error');
    expect(parsed.kind === 'error' && parsed.message).toMatch(message);
  });
});
