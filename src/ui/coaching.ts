// The lab's own words after a command at the prompt, where a newcomer is likely to be puzzled:
// an SMTP verb typed to the shell, a prompt pasted with its command, telnet without a port.
// Shown as the lab's notes (not as the tools' output, which stays as the real tools print it).

/** SMTP verbs typed at the prompt: the lab says how to reach a server first. */
const SMTP_VERBS = /^(EHLO|HELO|MAIL|RCPT|DATA|QUIT|RSET|NOOP|VRFY|STARTTLS|AUTH|BDAT)\b/i;

/** A note for a command line typed at the prompt, given what the shell printed last. */
export function coachingFor(line: string, lastPrinted: string | undefined): string | null {
  const trimmed = line.trim();
  const notFound = lastPrinted?.includes('command not found') ?? false;
  if (notFound && /^\$\s/.test(trimmed))
    return `Leave out the "$ ": it is the prompt, not part of the command. Try: ${trimmed.replace(/^\$\s+/, '')}`;
  if (notFound && SMTP_VERBS.test(trimmed))
    return 'That is an SMTP command: connect to a server first, e.g. telnet mx.example.org 25';
  const words = trimmed.split(/\s+/);
  // telnet(1): with no port it connects to the telnet service, 23 (RFC 854).
  if (words[0] === 'telnet' && words.length === 2 && !words[1]!.startsWith('-'))
    return `With no port, telnet tries port 23 (the Telnet service). A mail server listens on 25: telnet ${words[1]} 25`;
  return null;
}
