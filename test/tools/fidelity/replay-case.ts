// Runs one client script against a live server and records the exchange in the shape of
// cases/<id>.json — a line-for-line port of run_case() in shared/fidelity/capture/capture.py.
import type { CaseSpec } from './case-spec.ts';
import {
  ClientConnection,
  elapsedMs,
  errorEvent,
  type ReadEvent,
  type RecordedReply,
} from './client-connection.ts';
import { decodeUtf8Backslash, parseBytesLiteral } from './python-bytes.ts';

export interface RecordedStep {
  action: string;
  replies?: RecordedReply[];
  event?: string;
  [key: string]: unknown;
}

export interface RecordedCase {
  id: string;
  description: string;
  host: string;
  port: number;
  tls: string;
  client_script: readonly string[];
  connect_error?: string;
  starttls_used?: boolean;
  steps: RecordedStep[];
  end?: { closed_by: 'server' | 'client'; after_last_step?: unknown; session_ms: number };
  transcript: string[];
  reply_codes?: string[];
  not_sent_after_close?: string[];
}

export interface Target {
  readonly host: string;
  readonly port: number;
}

const crlf = (s: string) => Buffer.from(`${s}\r\n`, 'utf8');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function replayCase(spec: CaseSpec, target: Target): Promise<RecordedCase> {
  const { meta, script } = spec;
  const timeoutMs = meta.timeout * 1000;
  const steps: RecordedStep[] = [];
  const transcript: string[] = [];
  const result: RecordedCase = {
    id: spec.id,
    description: meta.description,
    host: target.host,
    port: target.port,
    tls: meta.tls,
    client_script: script,
    steps,
    transcript,
  };
  const describe = (ev: string) =>
    ev === 'timeout'
      ? `timeout: no complete reply within ${meta.timeout}s`
      : ev === 'eof'
        ? 'server closed connection'
        : ev;
  const addReplies = (step: RecordedStep, replies: RecordedReply[]) => {
    step.replies = replies;
    for (const r of replies) for (const ln of r.lines) transcript.push(`S: ${ln}`);
  };
  const oneReply = async (step: RecordedStep) => {
    const [r, ev] = await c.readReply();
    addReplies(step, r ? [r] : []);
    if (ev) step.event = ev;
  };

  const tStart = performance.now();
  let c: ClientConnection;
  try {
    c = await ClientConnection.open(target.host, target.port, timeoutMs);
  } catch (e) {
    result.connect_error = errorEvent(e as Error).replace(/^error: /, '');
    return result;
  }
  const connectStep: RecordedStep = { action: 'connect', connect_ms: elapsedMs(tStart) };
  steps.push(connectStep);
  let startedTls = false;
  let closed: 'server' | 'client' | null = null;

  if (meta.tls === 'implicit') {
    try {
      connectStep.tls = await c.startTls();
      startedTls = true;
      transcript.push(`-- TLS handshake (implicit)`);
    } catch (e) {
      connectStep.tls_error = errorEvent(e as Error).replace(/^error: /, '');
      transcript.push(`-- TLS handshake failed: ${connectStep.tls_error}`);
      transcript.push('-- client gives up (socket unusable after a failed handshake)');
      closed = 'client';
    }
  }
  // The banner, unless the script talks first (@SEND / @NOREAD as first line).
  const talkFirst =
    script.length > 0 && (script[0].startsWith('@SEND ') || script[0].startsWith('@NOREAD '));
  if (!talkFirst && !closed) {
    const [r, ev] = await c.readReply();
    addReplies(connectStep, r ? [r] : []);
    if (ev) {
      connectStep.event = ev;
      transcript.push(`-- ${describe(ev)}`);
      if (ev === 'eof' || ev.startsWith('error')) closed = 'server';
    }
  }

  const lastCode = (): number | null => {
    for (let k = steps.length - 1; k >= 0; k--) {
      const rs = steps[k].replies;
      if (rs && rs.length) return rs[rs.length - 1].code;
    }
    return null;
  };

  let i = 0;
  while (i < script.length && !closed) {
    const ln = script[i];
    if (ln.startsWith('#')) {
      i++;
      continue;
    }
    // Did the server hang up after its last reply (421, 221, 554 ...)?
    if (!ln.startsWith('@READ') && !ln.startsWith('@WAIT') && !ln.startsWith('@CLOSE')) {
      const lc = lastCode() ?? 0;
      if (await c.pollEof(lc >= 400 || lc === 221 ? 100 : 0)) {
        transcript.push('-- server closed connection');
        steps.push({ action: 'server_closed' });
        closed = 'server';
        break;
      }
    }
    i++;
    let st: RecordedStep;
    const send = async (data: Buffer): Promise<boolean> => {
      try {
        await c.send(data);
        return true;
      } catch (e) {
        st.send_error = errorEvent(e as Error).replace(/^error: /, '');
        st.event = `error: ${st.send_error}`;
        return false;
      }
    };
    if (ln === '@BODY' || ln === '@PIPELINE') {
      const block: string[] = [];
      while (i < script.length && script[i] !== '@END') block.push(script[i++]);
      i++; // skip @END
      const data = Buffer.concat(block.map(crlf));
      st = {
        action: ln === '@BODY' ? 'data_body' : 'pipeline',
        client: block,
        wire: decodeUtf8Backslash(data),
      };
      for (const x of block) transcript.push(`C: ${x}`);
      if (await send(data)) {
        const n = ln === '@BODY' ? 1 : block.length;
        const replies: RecordedReply[] = [];
        for (let k = 0; k < n; k++) {
          const [r, ev]: [RecordedReply | null, ReadEvent] = await c.readReply();
          if (r) replies.push(r);
          if (ev) {
            st.event = ev;
            break;
          }
        }
        addReplies(st, replies);
      }
    } else if (ln === '@STARTTLS') {
      st = { action: 'tls_handshake' };
      try {
        st.tls = await c.startTls();
        startedTls = true;
        transcript.push('-- TLS handshake');
      } catch (e) {
        st.tls_error = errorEvent(e as Error).replace(/^error: /, '');
        transcript.push(`-- TLS handshake failed: ${st.tls_error}`);
        steps.push(st);
        closed = 'client';
        break;
      }
    } else if (ln.startsWith('@RAW ') || ln.startsWith('@SEND ')) {
      const data = parseBytesLiteral(ln.slice(ln.indexOf(' ') + 1));
      const isRaw = ln.startsWith('@RAW');
      st = { action: isRaw ? 'raw' : 'send_only', wire: decodeUtf8Backslash(data) };
      transcript.push(`C(raw): ${ln.slice(ln.indexOf(' ') + 3, -1)}`);
      if ((await send(data)) && isRaw) await oneReply(st);
    } else if (ln.startsWith('@NOREAD ')) {
      const x = ln.slice('@NOREAD '.length);
      st = { action: 'send_only', client: x, wire: `${x}\r\n` };
      transcript.push(`C: ${x}`);
      await send(crlf(x));
    } else if (ln === '@READ') {
      st = { action: 'read' };
      await oneReply(st);
    } else if (ln.startsWith('@READALL')) {
      const words = ln.split(/\s+/);
      const quiet = words.length > 1 ? Number.parseFloat(words[1]) : 3;
      const { data, event, elapsedMs: ms } = await c.readAll(quiet * 1000);
      const received = decodeUtf8Backslash(data);
      st = { action: 'read_all', received, event, elapsed_ms: ms };
      for (const x of received.split(/\r\n|\n|\r/).filter((x, k, a) => k < a.length - 1 || x))
        transcript.push(`S: ${x}`);
      if (!data.length) transcript.push(`-- nothing received for ${quiet}s`);
    } else if (ln.startsWith('@WAIT ')) {
      const seconds = Number.parseFloat(ln.split(/\s+/)[1]);
      await sleep(seconds * 1000);
      st = { action: 'wait', seconds };
      transcript.push(`-- wait ${seconds}s`);
    } else if (ln === '@CLOSE') {
      c.close();
      steps.push({ action: 'client_close' });
      transcript.push('-- client closes connection');
      closed = 'client';
      break;
    } else {
      st = { action: 'send', client: ln, wire: `${ln}\r\n` };
      transcript.push(`C: ${ln}`);
      if (await send(crlf(ln))) await oneReply(st);
    }
    steps.push(st);
    const ev = st.event ?? '';
    if (ev && st.action !== 'read_all') transcript.push(`-- ${describe(ev)}`);
    if (ev === 'eof' || ev.startsWith('error')) closed = 'server';
  }

  const unsent = script.slice(i).filter((x) => !x.startsWith('#'));
  if (unsent.length && closed) result.not_sent_after_close = unsent;
  let afterLastStep: unknown;
  if (!closed) {
    // Wait up to 3 s for the server to close after the last step.
    const { data, event, elapsedMs: ms } = await c.readAll(3000);
    afterLastStep = { received: decodeUtf8Backslash(data), event, elapsed_ms: ms };
    if (event === 'eof') {
      closed = 'server';
      transcript.push('-- server closed connection');
    } else {
      closed = 'client';
      transcript.push('-- connection still open 3s after the last step; client closes');
    }
  }
  c.close();
  result.end = {
    closed_by: closed,
    ...(afterLastStep ? { after_last_step: afterLastStep } : {}),
    session_ms: elapsedMs(tStart),
  };
  result.starttls_used = startedTls && meta.tls !== 'implicit';
  result.reply_codes = steps.flatMap((s) =>
    (s.replies ?? []).map((r) => `${r.code ?? 'None'}${r.enhanced ? ` ${r.enhanced}` : ''}`),
  );
  return result;
}
