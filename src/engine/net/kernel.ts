// What connect() reports for a path verdict, as Linux does it (shared/fidelity/network/,
// recorded with net.ipv4.tcp_syn_retries=6).
import type { PathVerdict } from './path.ts';

/** An unanswered SYN is retried until the kernel gives up: ~133 s with tcp_syn_retries=6. */
export const SYN_GIVE_UP_MS = 133_000;
/** A blocking connect() learns of an ICMP error only at its first SYN retry, ~1 s in; a
 * non-blocking one (poll/select) sees it at once. */
export const ICMP_BLOCKING_DELAY_MS = 1_000;

export interface SocketStyle {
  /** A plain blocking connect() (telnet) or a non-blocking one with poll (nc, curl, swaks). */
  readonly blocking: boolean;
  /** The client's own connect timeout; null when it waits for the kernel. */
  readonly timeoutMs: number | null;
}

export type ConnectResult =
  | { readonly kind: 'connected'; readonly silent: boolean }
  /** ECONNREFUSED: a reset, or ICMP port unreachable. */
  | { readonly kind: 'refused'; readonly afterMs: number; readonly viaIcmp: boolean }
  /** EHOSTUNREACH: ICMP admin-prohibited or host unreachable. */
  | { readonly kind: 'unreachable'; readonly afterMs: number }
  /** ETIMEDOUT from the kernel, or the client's own timeout. */
  | { readonly kind: 'timed-out'; readonly afterMs: number; readonly by: 'kernel' | 'client' };

export function connectResult(verdict: PathVerdict, socket: SocketStyle): ConnectResult {
  const icmpDelay = socket.blocking ? ICMP_BLOCKING_DELAY_MS : 0;
  switch (verdict.kind) {
    case 'accepted':
    case 'silent':
      return { kind: 'connected', silent: verdict.kind === 'silent' };
    case 'reset':
      return { kind: 'refused', afterMs: 0, viaIcmp: false };
    case 'icmp':
      return verdict.type === 'port-unreachable'
        ? { kind: 'refused', afterMs: icmpDelay, viaIcmp: true }
        : { kind: 'unreachable', afterMs: icmpDelay };
    case 'unanswered':
      return socket.timeoutMs !== null && socket.timeoutMs < SYN_GIVE_UP_MS
        ? { kind: 'timed-out', afterMs: socket.timeoutMs, by: 'client' }
        : { kind: 'timed-out', afterMs: SYN_GIVE_UP_MS, by: 'kernel' };
  }
}
