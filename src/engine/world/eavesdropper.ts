// What someone tapping one hop of the path sees, read from the trace: the connections whose
// packets crossed that hop, SMTP in the clear before STARTTLS (or never, without it), and
// from the TLS handshake on only record headers and sizes (RFC 8446 §5). Credentials sent in
// the clear are decoded, as a sniffer would: AUTH PLAIN (RFC 4616) and AUTH LOGIN are only
// base64.
import type { TraceOf, Traced } from './trace.ts';
import { thousands } from '../thousands.ts';
import { utf8Length } from '../smtp/octets.ts';

export type Overheard =
  | {
      readonly kind: 'connection';
      readonly at: number;
      readonly conn: number;
      readonly from: string;
      readonly to: string;
      readonly port: number;
    }
  | {
      readonly kind: 'plaintext';
      readonly at: number;
      readonly conn: number;
      readonly from: 'client' | 'server';
      readonly text: string;
      /** A credential read out of base64, when the line carried one. */
      readonly decoded?: string;
    }
  | {
      readonly kind: 'handshake';
      readonly at: number;
      readonly conn: number;
      /** The server name the ClientHello carried in plaintext (SNI), if the client sent one. */
      readonly sni: string | null;
    }
  | {
      readonly kind: 'tls-record';
      readonly at: number;
      readonly conn: number;
      readonly from: 'client' | 'server';
      /** The record's length on the wire: header, ciphertext and tag. */
      readonly bytes: number;
    }
  /** The rest of a long message body, summed up rather than listed line by line. */
  | {
      readonly kind: 'elided';
      readonly at: number;
      readonly conn: number;
      readonly lines: number;
      readonly octets: number;
      readonly tls: boolean;
    };

/** TLS 1.3 with AES-256-GCM adds a 5-byte header, the 1-byte inner content type and a 16-byte
 * tag to every record (RFC 8446 §5.2). */
const TLS_RECORD_OVERHEAD = 22;

/** base64 -> text, or null when it is not base64 of UTF-8. */
function unbase64(text: string): string | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null;
  try {
    const binary = atob(text);
    return new TextDecoder('utf-8', { fatal: true }).decode(
      Uint8Array.from(binary, (c) => c.charCodeAt(0)),
    );
  } catch {
    return null;
  }
}

/** "\0alice@example.net\0s3cret" -> what it means. */
function plainCredentials(base64: string): string | undefined {
  const decoded = unbase64(base64);
  if (decoded === null) return undefined;
  const [authzid = '', user = '', password = ''] = decoded.split('\0');
  return `user "${user}", password "${password}"${authzid ? `, acting as "${authzid}"` : ''}`;
}

/** Everything the hop saw, in order. */
export function overheardAt(trace: readonly Traced[], hop: string): Overheard[] {
  const crossed = new Set<number>();
  const opened = new Map<number, TraceOf<'tcp.open'>>();
  const seen: Overheard[] = [];
  /** Per connection: what the last 334 asked for, to read the next client line. */
  const awaiting = new Map<number, 'plain' | 'username' | 'password'>();
  for (const { at, event } of trace) {
    switch (event.type) {
      case 'tcp.open':
        opened.set(event.conn, event);
        break;
      // Only connections whose SYN got this far are seen here.
      case 'tcp.syn': {
        const open = opened.get(event.conn);
        if (event.hop !== hop || open === undefined) break;
        crossed.add(event.conn);
        seen.push({
          kind: 'connection',
          at,
          conn: event.conn,
          from: `${open.client} (${open.clientAddress})`,
          to: `${open.host} (${open.address})`,
          port: open.port,
        });
        break;
      }
      case 'tls.up':
        if (crossed.has(event.conn))
          seen.push({ kind: 'handshake', at, conn: event.conn, sni: event.sni });
        break;
      case 'smtp.data.elided':
        if (crossed.has(event.conn))
          seen.push({
            kind: 'elided',
            at,
            conn: event.conn,
            lines: event.lines,
            octets: event.octets,
            tls: event.tls,
          });
        break;
      case 'smtp.cmd':
      case 'smtp.reply': {
        if (!crossed.has(event.conn)) break;
        const from = event.type === 'smtp.cmd' ? 'client' : 'server';
        const lines = event.type === 'smtp.cmd' ? [event.line] : event.lines;
        if (event.tls) {
          const bytes = lines.reduce((n, line) => n + utf8Length(line) + 2, 0);
          seen.push({
            kind: 'tls-record',
            at,
            conn: event.conn,
            from,
            bytes: bytes + TLS_RECORD_OVERHEAD,
          });
          break;
        }
        if (event.type === 'smtp.reply') {
          const challenge = /^334 (.*)$/.exec(event.lines[0] ?? '')?.[1];
          if (challenge === 'VXNlcm5hbWU6') awaiting.set(event.conn, 'username');
          else if (challenge === 'UGFzc3dvcmQ6') awaiting.set(event.conn, 'password');
          else if (challenge === '') awaiting.set(event.conn, 'plain');
          else awaiting.delete(event.conn);
          for (const text of lines)
            seen.push({ kind: 'plaintext', at, conn: event.conn, from, text });
          break;
        }
        seen.push({
          kind: 'plaintext',
          at,
          conn: event.conn,
          from,
          text: event.line,
          ...credentialIn(event.line, awaiting.get(event.conn)),
        });
        awaiting.delete(event.conn);
        break;
      }
    }
  }
  return seen;
}

/** The credential a client line carries in the clear, if any. */
function credentialIn(
  line: string,
  awaiting: 'plain' | 'username' | 'password' | undefined,
): { decoded?: string } {
  const initial = /^AUTH\s+PLAIN\s+(\S+)$/i.exec(line)?.[1];
  if (initial !== undefined) {
    const decoded = plainCredentials(initial);
    return decoded ? { decoded } : {};
  }
  const login = /^AUTH\s+LOGIN\s+(\S+)$/i.exec(line)?.[1];
  if (login !== undefined) {
    const user = unbase64(login);
    return user === null ? {} : { decoded: `user "${user}"` };
  }
  if (awaiting === 'plain') {
    const decoded = plainCredentials(line);
    return decoded ? { decoded } : {};
  }
  if (awaiting === 'username' || awaiting === 'password') {
    const value = unbase64(line);
    return value === null
      ? {}
      : { decoded: `${awaiting === 'username' ? 'user' : 'password'} "${value}"` };
  }
  return {};
}

/** One line per thing seen, as the terminal's `eavesdrop` shows them. */
export function describeOverheard(item: Overheard): string {
  switch (item.kind) {
    case 'connection':
      return `#${item.conn} ${item.from} -> ${item.to} port ${item.port}`;
    case 'handshake':
      return `#${item.conn} TLS handshake${item.sni === null ? '' : ` (the ClientHello names ${item.sni})`}: from here on only encrypted records`;
    case 'tls-record':
      return `#${item.conn} ${item.from === 'client' ? 'C' : 'S'}: [TLS application data, ${item.bytes} bytes]`;
    case 'plaintext':
      return `#${item.conn} ${item.from === 'client' ? 'C' : 'S'}: ${item.text}${item.decoded ? `   <- base64 of ${item.decoded}` : ''}`;
    case 'elided':
      return item.tls
        ? `#${item.conn} C: [TLS application data: ${thousands(item.lines)} more lines of the message, ${thousands(item.octets)} bytes before encryption]`
        : `#${item.conn} C: [${thousands(item.lines)} more lines of the message, ${thousands(item.octets)} bytes, as readable as the lines above; the lab does not list them]`;
  }
}
