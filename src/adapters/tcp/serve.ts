// `npm run serve -- --profile <id> --port <n> [--host 127.0.0.1] [--mailbox <file>]`
// The simulated Postfix on a real TCP port, until SIGINT or SIGTERM.
import { isLoopback, parseServeArgs, USAGE } from './args.ts';
import { MailboxError, resolveProfile, startSmtpServer } from './server.ts';

const EXIT_USAGE = 2;

async function main(): Promise<void> {
  const parsed = parseServeArgs(process.argv.slice(2));
  if (parsed.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (parsed.kind === 'error') {
    process.stderr.write(`serve: ${parsed.message}\n(try --help)\n`);
    process.exit(EXIT_USAGE);
  }
  const { profileId, host, port, mailbox } = parsed.options;
  if (!isLoopback(host)) {
    process.stderr.write(
      `serve: warning: ${host} is not a loopback address; this simulated server is reachable from other machines\n`,
    );
  }

  let server;
  try {
    server = await startSmtpServer({ profile: resolveProfile(profileId), host, port, mailbox });
  } catch (error) {
    if (error instanceof MailboxError) {
      // Checked before listening: mail accepted into a mailbox that cannot take it is lost.
      process.stderr.write(`serve: --mailbox: ${error.message}\n`);
      process.exit(EXIT_USAGE);
    }
    const e = error as NodeJS.ErrnoException;
    const why =
      e.code === 'EADDRINUSE'
        ? 'address already in use'
        : e.code === 'EACCES'
          ? 'permission denied (ports below 1024 need root)'
          : e.message;
    process.stderr.write(`serve: cannot listen on ${host}:${port}: ${why}\n`);
    process.exit(1);
  }

  const shown = host.includes(':') ? `[${host}]` : host;
  process.stderr.write(`listening on ${shown}:${server.port} (profile ${profileId})\n`);

  const stop = (signal: string) => {
    process.stderr.write(`serve: ${signal}, closing\n`);
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

void main();
