// The pure pieces of the client statechart: what to send at each step and how to read the
// replies. client.machine.ts decides the order; this file decides the words.
import type { ClientPlan, ClientStage, SaslMechanism, SeenReply } from './plan.ts';
import { utf8Length } from '../octets.ts';

export interface ClientContext {
  readonly plan: ClientPlan;
  /** The step whose reply is awaited (or that failed). */
  readonly stage: ClientStage;
  /** EHLO keywords -> their parameters ("SIZE" -> "10240000"), upper case; reset by STARTTLS. */
  readonly extensions: Readonly<Record<string, string>>;
  readonly secure: boolean;
  /** EHLO was refused and HELO sent instead (RFC 5321 §3.2). */
  readonly fellBackToHelo: boolean;
  /** MAIL, RCPT and DATA went out as one group (RFC 2920 §3.1). */
  readonly pipelined: boolean;
  /** How many RCPT replies have been read. */
  readonly rcptRead: number;
  /** How many of the plan's commands have been answered. */
  readonly commandsRead: number;
  readonly accepted: readonly string[];
  readonly rejected: readonly { readonly recipient: string; readonly reply: SeenReply }[];
  /** SASL mechanisms still to try, and the one under way with its step. */
  readonly mechanisms: readonly SaslMechanism[];
  readonly mechanism: SaslMechanism | null;
  readonly authStep: number;
  readonly failure: { readonly stage: ClientStage; readonly reply: SeenReply | null } | null;
  /** A reply never came (the client's own timeout). */
  readonly timedOut: boolean;
  readonly queueId: string | null;
  readonly quitSent: boolean;
  readonly lostConnection: boolean;
}

export function initialContext(plan: ClientPlan): ClientContext {
  return {
    plan,
    stage: 'banner',
    extensions: {},
    secure: false,
    fellBackToHelo: false,
    pipelined: false,
    rcptRead: 0,
    commandsRead: 0,
    accepted: [],
    rejected: [],
    mechanisms: [],
    mechanism: null,
    authStep: 0,
    failure: null,
    timedOut: false,
    queueId: null,
    quitSent: false,
    lostConnection: false,
  };
}

export const positive = (reply: SeenReply) => reply.code >= 200 && reply.code < 400;

/** RFC 5321 §4.1.1.1: the EHLO reply's lines after the first are keywords with parameters
 * ("250-SIZE 10240000"). */
export function extensionsOf(reply: SeenReply): Record<string, string> {
  const extensions: Record<string, string> = {};
  for (const line of reply.lines.slice(1)) {
    const [keyword = '', ...params] = line.slice(4).split(' ');
    extensions[keyword.toUpperCase()] = params.join(' ');
  }
  return extensions;
}

/** curl's connect phase (banner to AUTH): a failure there leaves a connection it just closes. */
const CONNECT_PHASE: readonly ClientStage[] = ['banner', 'helo', 'tls', 'helo-after-tls', 'auth'];

/** Close without QUIT after this failure (ClientPlan.quitOnFailure). */
export function hangsUpWithoutQuit(ctx: ClientContext): boolean {
  if (ctx.plan.quitOnFailure !== 'after-connect-phase' || ctx.failure === null) return false;
  return ctx.timedOut || CONNECT_PHASE.includes(ctx.failure.stage);
}

/** The advertised SASL mechanisms (RFC 4954 §3: "AUTH PLAIN LOGIN"). */
export function advertisedMechanisms(ctx: ClientContext): string[] {
  const auth = ctx.extensions.AUTH;
  return auth === undefined ? [] : auth.toUpperCase().split(' ');
}

/** The plan's mechanisms the server offers, in the plan's order. */
export function usableMechanisms(ctx: ClientContext): SaslMechanism[] {
  const offered = advertisedMechanisms(ctx);
  return (ctx.plan.auth?.mechanisms ?? []).filter((m) => offered.includes(m));
}

/** base64 of UTF-8 text (RFC 4648 §4), without Node's Buffer. */
export function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The AUTH command, with the initial response when the plan sends one (RFC 4954 §4). */
export function authCommand(ctx: ClientContext, mechanism: SaslMechanism): string {
  const auth = ctx.plan.auth!;
  if (mechanism === 'PLAIN' && auth.initialResponse) {
    return `AUTH PLAIN ${plainResponse(auth.user, auth.password)}`;
  }
  return `AUTH ${mechanism}`;
}

/** RFC 4616 §2: authzid NUL authcid NUL passwd, with an empty authzid. */
const plainResponse = (user: string, password: string) => base64(`\0${user}\0${password}`);

/** The answer to a 334 challenge at this step of the exchange. */
export function authAnswer(ctx: ClientContext): string {
  const auth = ctx.plan.auth!;
  if (ctx.mechanism === 'PLAIN') return plainResponse(auth.user, auth.password);
  // LOGIN (draft-murchison-sasl-login): "Username:" then "Password:".
  return base64(ctx.authStep === 0 ? auth.user : auth.password);
}

/** MAIL FROM, with SIZE when declared, known and advertised (RFC 1870 §6). */
export function mailCommand(ctx: ClientContext): string {
  const { plan } = ctx;
  const size = plan.streamedBody ? plan.streamedBody.size : messageSize(plan.message);
  const declared = plan.declareSize && size !== null && ctx.extensions.SIZE !== undefined;
  return `MAIL FROM:<${plan.from}>${declared ? ` SIZE=${size}` : ''}`;
}

/** Octets of the message as sent: every line with its CRLF. */
export const messageSize = (lines: readonly string[]) =>
  lines.reduce((size, line) => size + utf8Length(line) + 2, 0);

export const rcptCommand = (ctx: ClientContext, recipient: string) =>
  ctx.plan.orcpt && ctx.extensions.DSN !== undefined
    ? `RCPT TO:<${recipient}> ORCPT=rfc822;${recipient}`
    : `RCPT TO:<${recipient}>`;

/** The message lines dot-stuffed (RFC 5321 §4.5.2), then the lone dot that ends them. */
export function messageLines(message: readonly string[]): string[] {
  return [...message.map((line) => (line.startsWith('.') ? `.${line}` : line)), '.'];
}

/** Postfix's "250 2.0.0 Ok: queued as 4F2A1168150" and similar wordings. */
export function queueIdOf(reply: SeenReply): string | null {
  return /queued as ([0-9A-Za-z]+)/.exec(reply.lines[0] ?? '')?.[1] ?? null;
}

/** What each step sends when it is entered. */
export function pipelinedGroup(ctx: ClientContext): string[] {
  return [mailCommand(ctx), ...ctx.plan.to.map((to) => rcptCommand(ctx, to)), 'DATA'];
}

export const canPipeline = (ctx: ClientContext) =>
  ctx.plan.pipelining && ctx.extensions.PIPELINING !== undefined && ctx.plan.quitAfter === null;
