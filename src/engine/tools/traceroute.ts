// traceroute [-n] [-T] [-p port] [-m max_ttl] [-q nqueries] [-w MAX] host: probes the world's
// path with growing TTLs and prints what answers, as traceroute 2.1.2 does
// (test/fixtures/traceroute). A hop that drops the probes is a star, and so is every hop
// after it, up to the max TTL; a reset or an ICMP error ends the trace where it comes from.
import type { IcmpType } from '../net/hop-policy.ts';
import { probeAnswers, type ProbeAnswer } from '../net/hop-probe.ts';
import type { Hop } from '../net/path.ts';
import { resolve, type Host } from '../world/world.ts';
import type { Tool } from './tool.ts';
import { parseTraceroute, type TracerouteOptions } from './traceroute-options.ts';

/** -N: how many probes traceroute keeps in flight at once. */
const SIMULTANEOUS = 16;
/** The first UDP port probed; each probe takes the next. */
const UDP_BASE_PORT = 33434;
/** What traceroute appends to the time of an ICMP error (none for port unreachable). */
const ICMP_MARK: Readonly<Record<IcmpType, string>> = {
  'admin-prohibited': ' !X',
  'host-unreachable': ' !H',
  'port-unreachable': '',
};

export const traceroute: Tool = (args, context) => {
  const { world, io } = context;
  const command = parseTraceroute(args, (name) => resolve(world, name) !== undefined);
  if (command.kind === 'print') {
    command.lines.forEach((line) => io.print(line));
    // -V prints the version; anything else here is a usage error (traceroute exits 2).
    return command.lines[0]?.startsWith('Modern traceroute') ? 0 : 2;
  }
  const options = command.options;
  const host = resolve(world, options.target)!;
  const hops = world.pathTo(host);
  const port = options.port ?? (options.tcp ? 80 : UDP_BASE_PORT);
  const answerAt = probeAnswers(
    hops,
    options.tcp ? port : null,
    context.sim.laptopAttempts,
    host.name,
  );

  // The trace ends at the first TTL with a final answer: anything but "time exceeded" or silence.
  const answers: ProbeAnswer[] = [];
  for (let ttl = 1; ttl <= options.maxTtl; ttl++) {
    const answer = answerAt(ttl);
    answers.push(answer);
    if (answer.kind !== 'time-exceeded' && answer.kind !== 'none') break;
  }

  const bytes = options.tcp ? 60 : Math.max(options.packetLength ?? 60, 28);
  io.print(
    `traceroute to ${options.target} (${host.address}), ${options.maxTtl} hops max, ${bytes} byte packets`,
  );
  const shownAt = lineTimes(
    answers.map((a) => a.kind !== 'none'),
    options.queries,
    options.waitMs,
  );
  let now = 0;
  answers.forEach((answer, i) => {
    const ttl = i + 1;
    if (shownAt[i]! > now) io.wait(shownAt[i]! - now);
    now = shownAt[i]!;
    context.sim.trace({
      type: 'traceroute.hop',
      host: host.name,
      protocol: options.tcp ? 'tcp' : 'udp',
      port: options.tcp ? port : port + i * options.queries,
      ttl,
      hop: answer.kind === 'reached' ? host.name : answer.hop.id,
      answer: answer.kind === 'icmp' ? answer.type : answer.kind,
    });
    io.print(hopLine(ttl, answer, { host, hops, options }));
  });
  return 0;
};

/**
 * When each TTL's line is complete, in ms from the start. traceroute keeps up to 16 probes in
 * flight, counted from the oldest one not yet printed; an answer comes at once next to the
 * wait, and a probe nobody answers is given up after MAX (-w). So after a drop, lines come in
 * batches every 5 s: probes 4-19 at 0 s, 20-35 at 5 s, and so on (tcp25-drop.txt, 30 s).
 */
function lineTimes(answered: readonly boolean[], queries: number, waitMs: number): number[] {
  const total = answered.length * queries;
  const sentAt: number[] = [];
  const doneAt: number[] = [];
  const times: number[] = [];
  let now = 0;
  let oldest = 0;
  while (oldest < total) {
    // Printing the answered probes frees their places in the window at once.
    for (let moved = true; moved;) {
      for (let n = oldest; n < Math.min(total, oldest + SIMULTANEOUS); n++) {
        if (sentAt[n] !== undefined) continue;
        sentAt[n] = now;
        if (answered[Math.floor(n / queries)]) doneAt[n] = now;
      }
      moved = false;
      while (oldest < total && doneAt[oldest] !== undefined) {
        oldest += 1;
        moved = true;
        if (oldest % queries === 0) times.push(now);
      }
    }
    if (oldest < total) {
      now = sentAt[oldest]! + waitMs;
      // Only the window can hold probes in flight (those before it are printed, those after
      // it unsent): looking at it alone keeps -m 255 -q 10 linear.
      for (let n = oldest; n < Math.min(total, oldest + SIMULTANEOUS); n++) {
        const sent = sentAt[n];
        if (sent !== undefined && doneAt[n] === undefined && sent + waitMs <= now) doneAt[n] = now;
      }
    }
  }
  return times;
}

/** " 2  edge1.isp.example (203.0.113.1)  6.512 ms  6.530 ms  6.601 ms", or " 3  * * *". */
function hopLine(
  ttl: number,
  answer: ProbeAnswer,
  path: { host: Host; hops: readonly Hop[]; options: TracerouteOptions },
): string {
  const { host, hops, options } = path;
  let line = `${String(ttl).padStart(2)} `;
  if (answer.kind === 'none') return line + ' *'.repeat(options.queries);
  // A reset a firewall sends in the host's name comes from the host's address.
  const fromHost = answer.kind === 'reached' || answer.kind === 'reset';
  const address = fromHost ? host.address : answer.hop.address;
  const name = fromHost ? host.name : (answer.hop.reverseName ?? address);
  line += options.numeric ? ` ${address}` : ` ${name} (${address})`;
  const distance = fromHost ? hops.length : hops.indexOf(answer.hop);
  const mark = answer.kind === 'icmp' ? ICMP_MARK[answer.type] : '';
  for (let probe = 0; probe < options.queries; probe++)
    line += `  ${roundTripMs(distance, ttl, probe).toFixed(3)} ms${mark}`;
  return line;
}

/**
 * A plausible round trip to the box `distance` hops away, the same on every run: under a
 * millisecond to the home router, some 4 ms more per hop after it, with a little jitter.
 */
export function roundTripMs(distance: number, ttl: number, probe: number): number {
  const base = distance <= 1 ? 0.42 : 2.1 + 4.3 * (distance - 1);
  const jitter = ((distance * 37 + ttl * 11 + probe * 53) % 97) / 97;
  return base + jitter * (0.05 + 0.3 * distance);
}
