import { describe, expect, it } from 'vitest';
import { Terminal } from './terminal.svelte.ts';

function typeLines(terminal: Terminal, ...lines: string[]): void {
  for (const line of lines) {
    terminal.input = line;
    terminal.submit();
  }
}

const shown = (terminal: Terminal) => terminal.entries.map((entry) => entry.text);

describe('Terminal', () => {
  it('connects to the MX and shows its banner', () => {
    const terminal = new Terminal();
    terminal.connect();
    expect(shown(terminal)).toEqual([
      'Connected to mx.example.org port 25.',
      '220 mx.example.org ESMTP',
    ]);
    expect(terminal.connected).toBe(true);
  });

  it('shows every line of a multi-line reply as written on the wire', () => {
    const terminal = new Terminal();
    terminal.connect();
    typeLines(terminal, 'EHLO laptop.example.net');
    const server = terminal.entries.filter((entry) => entry.kind === 'server').map((e) => e.text);
    expect(server).toContain('250-mx.example.org');
    expect(server.at(-1)).toBe('250 CHUNKING');
  });

  it('ends the connection on QUIT and reconnects on request', () => {
    const terminal = new Terminal();
    terminal.connect();
    typeLines(terminal, 'QUIT');
    expect(shown(terminal).slice(-2)).toEqual([
      '221 2.0.0 Bye',
      'Connection closed by foreign host.',
    ]);
    expect(terminal.connected).toBe(false);

    typeLines(terminal, 'NOOP');
    expect(terminal.entries.at(-1)?.kind).toBe('note');
    typeLines(terminal, 'reconnect');
    expect(terminal.connected).toBe(true);
    expect(shown(terminal).at(-1)).toBe('220 mx.example.org ESMTP');
  });

  it('completes STARTTLS at once and says so', () => {
    const terminal = new Terminal('submission');
    terminal.connect();
    typeLines(terminal, 'EHLO laptop.example.net', 'STARTTLS');
    expect(shown(terminal).slice(-2)).toEqual([
      '220 2.0.0 Ready to start TLS',
      'TLS handshake complete (TLSv1.3, TLS_AES_256_GCM_SHA384)',
    ]);
    expect(terminal.secure).toBe(true);
  });

  it('greets over TLS from the first byte on submissions', () => {
    const terminal = new Terminal();
    terminal.connect('submissions');
    expect(shown(terminal)).toEqual([
      'Connected to mx.example.org port 465 (TLS).',
      'TLS handshake complete (TLSv1.3, TLS_AES_256_GCM_SHA384)',
      '220 mx.example.org ESMTP',
    ]);
  });

  it('notes a server-side wait instead of waiting', () => {
    const terminal = new Terminal();
    terminal.connect();
    // smtpd_soft_error_limit = 10: from the 11th error on, each reply waits 1 s.
    typeLines(terminal, ...Array.from({ length: 11 }, (_, i) => `BOGUS${i}`));
    expect(shown(terminal).slice(-2)).toEqual([
      '(1 s pass)',
      '500 5.5.2 Error: command not recognized',
    ]);
  });

  it('switching profile closes the old connection and opens a new one', () => {
    const terminal = new Terminal();
    terminal.connect();
    terminal.connect('mx-hardened');
    expect(shown(terminal).slice(-3)).toEqual([
      'Connection closed.',
      'Connected to mx.example.org port 2525.',
      '220 mx.example.org ESMTP',
    ]);
    expect(terminal.profile.id).toBe('mx-hardened');
  });

  it('keeps the server log apart from the transcript', () => {
    const terminal = new Terminal();
    terminal.connect();
    typeLines(
      terminal,
      'EHLO laptop.example.net',
      'MAIL FROM:<a@example.net>',
      'RCPT TO:<carol@example.com>',
    );
    expect(terminal.serverLog[0]).toBe('postfix/smtpd: connect from localhost[127.0.0.1]');
    expect(terminal.serverLog.at(-1)).toMatch(
      /^postfix\/smtpd: NOQUEUE: reject: RCPT from .* Relay access denied;/,
    );
    expect(shown(terminal).some((text) => text.includes('NOQUEUE'))).toBe(false);
  });
});
