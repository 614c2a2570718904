// The terminal's state: one simulated SMTP connection at a time, typed lines in, the server's
// effects turned into transcript entries. Components only render this and call its methods.
import { SimulatedClock } from 'xstate';
import { octetsToText, textToOctets } from '../engine/smtp/octets.ts';
import type { ServerProfile } from '../engine/smtp/profile.ts';
import { findProfile, mxProfile } from '../engine/smtp/profiles.ts';
import { createServerSession, type ServerSession } from '../engine/smtp/session.ts';
import type { SessionEffect, TlsInfo } from '../engine/smtp/types.ts';
import { CommandHistory } from './command-history.ts';
import {
  delayNote,
  replyTone,
  wireLines,
  type EntryKind,
  type TranscriptEntry,
} from './transcript.ts';

/** What every simulated handshake negotiates (the recorded Postfix always did). */
const TLS: TlsInfo = { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', bits: 256 };

export const RECONNECT_COMMAND = 'reconnect';

export class Terminal {
  entries: TranscriptEntry[] = $state([]);
  /** Postfix's side of the story: the smtpd log lines of every connection. */
  serverLog: string[] = $state([]);
  profile: ServerProfile = $state.raw(mxProfile);
  input = $state('');
  connected = $state(false);
  phase = $state('');
  secure = $state(false);

  readonly #history = new CommandHistory();
  #session: ServerSession | null = null;
  #driving = false;
  #tlsRequested = false;
  #closeRequested = false;
  #nextId = 0;

  constructor(profileId = 'mx') {
    this.profile = findProfile(profileId) ?? mxProfile;
  }

  /** Opens a new connection (closing the current one) to the given or current profile. */
  connect(profileId: string = this.profile.id): void {
    this.hangUp();
    this.profile = findProfile(profileId) ?? this.profile;
    const { hostname, port, tls } = this.profile;
    const session = createServerSession({
      profile: this.profile,
      clock: new SimulatedClock(),
      onEffect: (effect) => {
        if (this.#session === session) this.#apply(effect);
      },
    });
    this.#session = session;
    this.connected = true;
    this.#add('system', `Connected to ${hostname} port ${port}${tls.implicit ? ' (TLS)' : ''}.`);
    this.#drive(() => session.start());
  }

  /** The client side closes the connection, as when telnet quits. */
  hangUp(): void {
    const session = this.#session;
    if (!session) return;
    if (!session.closed) {
      session.clientClosed();
      this.#add('system', 'Connection closed.');
    }
    this.#disconnect();
  }

  /** Sends the input line (Enter). An empty line is sent too: DATA needs it. */
  submit(): void {
    const line = this.input;
    this.input = '';
    this.#history.record(line);
    this.send(line);
  }

  send(line: string): void {
    const session = this.#session;
    if (!session) {
      if (line.trim().toLowerCase() === RECONNECT_COMMAND) this.connect();
      else this.#add('note', `Not connected. Type "${RECONNECT_COMMAND}" or press Reconnect.`);
      return;
    }
    this.#add('client', line);
    this.#drive(() => session.receive(textToOctets(`${line}\r\n`)));
  }

  historyBack(): void {
    const line = this.#history.previous(this.input);
    if (line !== null) this.input = line;
  }

  historyForward(): void {
    const line = this.#history.next();
    if (line !== null) this.input = line;
  }

  dispose(): void {
    this.#session?.dispose();
    this.#session = null;
  }

  /** Runs one call into the session, then does what its effects asked for: the session is
   * never called back from inside its own effect. */
  #drive(call: () => void): void {
    this.#driving = true;
    try {
      call();
      while (this.#tlsRequested && !this.#closeRequested && this.#session) {
        this.#tlsRequested = false;
        this.#add('note', `TLS handshake complete (${TLS.protocol}, ${TLS.cipher})`);
        this.#session.tlsEstablished(TLS);
      }
    } finally {
      this.#driving = false;
    }
    if (this.#closeRequested) {
      this.#add('system', 'Connection closed by foreign host.');
      this.#disconnect();
    } else {
      this.#sync();
    }
  }

  #apply(effect: SessionEffect): void {
    switch (effect.type) {
      case 'reply':
        if (effect.delayMs > 0) this.#add('note', delayNote(effect.delayMs));
        for (const line of wireLines(octetsToText(effect.wire))) this.#add('server', line);
        break;
      case 'tls.start':
        this.#tlsRequested = true;
        break;
      case 'close':
        this.#closeRequested = true;
        // A timer (smtpd_timeout) closes outside any call of ours.
        if (!this.#driving) queueMicrotask(() => this.#drive(() => {}));
        break;
      case 'log':
        this.serverLog.push(`${this.profile.syslogName}/smtpd: ${octetsToText(effect.message)}`);
        break;
      case 'deliver':
        this.#add(
          'note',
          `Delivered to ${effect.message.recipients.join(', ')} (queue id ${effect.message.queueId})`,
        );
        break;
    }
  }

  #disconnect(): void {
    this.#sync();
    this.#session?.dispose();
    this.#session = null;
    this.#tlsRequested = false;
    this.#closeRequested = false;
    this.connected = false;
  }

  #sync(): void {
    const session = this.#session;
    if (!session) return;
    this.phase = session.phase;
    this.secure = session.secure;
  }

  #add(kind: EntryKind, text: string): void {
    const tone = kind === 'server' ? replyTone(text) : undefined;
    this.entries.push({ id: this.#nextId++, kind, text, tone });
  }
}
