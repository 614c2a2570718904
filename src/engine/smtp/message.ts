// What a delivered message looks like in bob's mailbox: cleanup(8) adds the Received:
// header (RFC 5321 §4.4) and any missing Message-Id/Date/From, local(8) writes the mbox
// envelope ("From " line, Return-Path, X-Original-To, Delivered-To).
import type { ClientEndpoint, TlsInfo } from './types.ts';
import { MONTHS } from '../months.ts';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const pad = (n: number) => String(n).padStart(2, '0');
const clock = (d: Date) =>
  `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;

/** RFC 5322 §3.3 date as Postfix writes it: "Fri, 27 Nov 2026 18:15:27 +0000 (UTC)". */
export function rfc5322Date(d: Date): string {
  // mail_date(): strftime "%a, %e %b %Y", so the day is padded with a blank ("Thu,  3 Dec").
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${DAYS[d.getUTCDay()]}, ${day} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${clock(d)} +0000 (UTC)`;
}

/** asctime() as in an mbox "From " line: "Fri Nov 27 18:15:27 2026". */
function asctime(d: Date): string {
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${clock(d)} ${d.getUTCFullYear()}`;
}

export interface ReceivedInput {
  readonly heloName: string | null;
  readonly esmtp: boolean;
  readonly client: ClientEndpoint;
  readonly hostname: string;
  readonly queueId: string;
  readonly recipients: readonly string[];
  readonly tls: TlsInfo | null;
  readonly authenticatedAs: string | null;
  readonly date: Date;
}

/** The Received: header smtpd hands to cleanup, folded as Postfix folds it. The protocol is
 * SMTP or ESMTP, plus "S" under TLS and "A" after AUTH (RFC 3848). The cipher and the SASL
 * login are not shown: smtpd_tls_received_header and smtpd_sasl_authenticated_header are
 * "no" by default. */
export function receivedHeader(i: ReceivedInput): string {
  const protocol =
    (i.esmtp ? 'ESMTP' : 'SMTP') + (i.tls ? 'S' : '') + (i.authenticatedAs ? 'A' : '');
  const from = `Received: from ${i.heloName ?? i.client.hostname} (${i.client.hostname} [${i.client.address}])`;
  const by = `\tby ${i.hostname} (Postfix) with ${protocol} id ${i.queueId}`;
  const date = rfc5322Date(i.date);
  // One recipient is named ("for <bob@example.org>"); with several, the date follows the id.
  return i.recipients.length === 1
    ? `${from}\n${by}\n\tfor <${i.recipients[0]}>; ${date}`
    : `${from}\n${by};\n\t${date}`;
}

const HEADER = /^[!-9;-~]+:/; // RFC 5322 §2.2 field name, then a colon

/** cleanup(8): adds Message-Id, Date and From when the message has none. */
export function withMissingHeaders(
  body: string,
  sender: string,
  queueId: string,
  hostname: string,
  date: Date,
): string {
  // Only the header is split into lines: the body may be megabytes of base64.
  const lines: string[] = [];
  let at = 0;
  let end = 0;
  const present = new Set<string>();
  while (at <= body.length) {
    const next = body.indexOf('\n', at);
    const line = body.slice(at, next < 0 ? body.length : next);
    if (HEADER.test(line)) present.add(line.slice(0, line.indexOf(':')).toLowerCase());
    else if (!(end > 0 && /^[ \t]/.test(line))) break;
    lines.push(line);
    end++;
    if (next < 0) {
      at = body.length + 1;
      break;
    }
    at = next + 1;
  }
  const restText = at > body.length ? null : body.slice(at);
  const stamp = `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${clock(date).replace(/:/g, '')}`;
  const added: string[] = [];
  if (!present.has('message-id')) added.push(`Message-Id: <${stamp}.${queueId}@${hostname}>`);
  if (!present.has('date')) added.push(`Date: ${rfc5322Date(date)}`);
  if (!present.has('from')) added.push(`From: ${sender === '' ? 'MAILER-DAEMON' : sender}`);
  const head = [...lines, ...added].join('\n');
  if (restText === null) return head;
  // A body that starts without the empty separator line gets one. Joined with +, not
  // join(): the body may be megabytes, and + does not copy it.
  const rest = restText.startsWith('\n') || restText === '' ? restText : `\n${restText}`;
  return lines.length + added.length === 0 ? rest : head + '\n' + rest;
}

/** local(8) mbox delivery: envelope lines, ">From " quoting, and a closing empty line. */
export function mailboxEntry(
  content: string,
  sender: string,
  recipient: string,
  date: Date,
): string {
  const from = sender === '' ? 'MAILER-DAEMON' : sender;
  // A quick look first: a regular expression over megabytes of base64 costs milliseconds.
  const quoted =
    content.startsWith('From ') || content.includes('\nFrom ')
      ? content.replace(/^From /gm, '>From ')
      : content;
  return (
    `From ${from}  ${asctime(date)}\n` +
    `Return-Path: <${sender}>\nX-Original-To: ${recipient}\nDelivered-To: ${recipient}\n` +
    `${quoted}\n`
  );
}
