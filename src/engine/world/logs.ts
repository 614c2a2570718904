// The logs a learner reads, made from the trace: each server's Postfix log (the smtpd, smtp,
// cleanup, qmgr and local lines it wrote) and the firewall log of the hops that dropped or
// refused connections (nftables "log prefix" lines as the kernel prints them).
import { formatLogLine } from '../smtp/log-line.ts';
import type { Traced } from './trace.ts';

/** The Postfix log of one server: "Nov 27 18:16:27 mx postfix/smtpd[2100]: connect from ...". */
export function serverLog(trace: readonly Traced[], host: string, startedAt: number): string[] {
  const short = host.split('.')[0]!;
  return trace.flatMap(({ at, event }) =>
    event.type === 'server.log' && event.host === host
      ? [
          formatLogLine({
            date: new Date(startedAt + at),
            host: short,
            program: event.program,
            pid: event.pid,
            message: event.message,
            utc: true,
          }),
        ]
      : [],
  );
}

/** What each hop's firewall logged: one line per SYN it dropped or refused. */
export function firewallLog(trace: readonly Traced[], startedAt: number): string[] {
  const opened = new Map<number, { src: string; dst: string; port: number }>();
  const lines: string[] = [];
  for (const { at, event } of trace) {
    if (event.type === 'tcp.open') {
      opened.set(event.conn, { src: event.clientAddress, dst: event.address, port: event.port });
    }
    if (event.type !== 'hop.drop' && event.type !== 'hop.reject') continue;
    const c = opened.get(event.conn);
    if (c === undefined) continue;
    const verdict = event.type === 'hop.drop' ? 'DROP' : `REJECT(${event.with})`;
    // The client's source port: ephemeral ports start at 32768 (net.ipv4.ip_local_port_range).
    const sport = 32768 + ((event.conn * 7919) % 28000);
    lines.push(
      formatLogLine({
        date: new Date(startedAt + at),
        host: event.hop,
        program: 'kernel',
        pid: 0,
        message: `[${verdict} tcp/${c.port}] SRC=${c.src} DST=${c.dst} PROTO=TCP SPT=${sport} DPT=${c.port} SYN`,
        utc: true,
      }).replace('kernel[0]:', 'kernel:'),
    );
  }
  return lines;
}
