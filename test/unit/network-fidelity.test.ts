// A blocked or closed port 25 as real clients showed it (shared/fidelity/network/): for each
// recorded firewall behaviour, the path's verdict rendered by each tool must print the same
// lines, exit with the same status and take the same (virtual) time.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HopAction } from '../../src/engine/net/hop-policy.ts';
import { walkPath } from '../../src/engine/net/path.ts';
import {
  curlConnect,
  ncConnect,
  swaksConnect,
  telnetConnect,
  type ConnectReport,
} from '../../src/engine/tools/connect-report.ts';
import { fidelityDir } from '../tools/fidelity/paths.ts';

interface Probe {
  exit_code: number;
  seconds: number;
  killed_after_s: number | null;
  output: string;
}

/** The firewall rule each recording was made with, as a hop policy (null: nothing listens). */
const SCENARIOS: Record<string, HopAction | null> = {
  'closed-port': null,
  drop: { kind: 'drop' },
  'reject-tcp-reset': { kind: 'reject-reset' },
  'reject-icmp-port-unreachable': { kind: 'reject-icmp', type: 'port-unreachable' },
  'reject-icmp-admin-prohibited': { kind: 'reject-icmp', type: 'admin-prohibited' },
  'reject-icmp-host-unreachable': { kind: 'reject-icmp', type: 'host-unreachable' },
  'connect-ok-no-banner': { kind: 'blackhole' },
};

const TOOLS: Record<
  string,
  (v: Parameters<typeof telnetConnect>[0], t: Parameters<typeof telnetConnect>[1]) => ConnectReport
> = {
  telnet: telnetConnect,
  'nc-vz': (v, t) => ncConnect(v, t, { zero: true, waitMs: null }),
  'nc-vz-w5': (v, t) => ncConnect(v, t, { zero: true, waitMs: 5000 }),
  'swaks-default': (v, t) => swaksConnect(v, t),
  'swaks-timeout5': (v, t) => swaksConnect(v, t, 5000),
  'curl-v': curlConnect,
};

/** The recorded lines, without curl's progress meter (drawn on the same terminal). */
function printedLines(tool: string, output: string): string[] {
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  if (!tool.startsWith('curl')) return lines;
  return lines.flatMap((l) => {
    const at = l.search(/\* {3}Trying|\* |curl: /);
    return at === -1 ? [] : [l.slice(at)];
  });
}
const msOf = (line: string) => Number(/after (\d+) ms/.exec(line)?.[1] ?? NaN);
const withoutMs = (line: string) => line.replace(/after \d+ ms/, 'after N ms');

const cases = Object.entries(SCENARIOS).flatMap(([scenario, action]) => {
  const recording = JSON.parse(
    readFileSync(path.join(fidelityDir, 'network', `${scenario}.json`), 'utf8'),
  ) as {
    target: string;
    probes: Record<string, Probe>;
  };
  return Object.keys(TOOLS).map(
    (tool) => [scenario, tool, action, recording.target, recording.probes[tool]!] as const,
  );
});

describe('connecting through a firewall, as the tools print it', () => {
  it.each(cases)('%s: %s', (_scenario, tool, action, target, probe) => {
    const [address, port] = target.split(':') as [string, string];
    const hops = action
      ? [
          {
            id: 'firewall',
            name: 'firewall',
            address: '192.0.2.1',
            rules: [{ ports: [Number(port)], action }],
          },
        ]
      : [];
    const { verdict } = walkPath({ hops, listening: action !== null }, Number(port));
    const report = TOOLS[tool]!(verdict, { host: address, address, port: Number(port) });
    const recorded = printedLines(tool, probe.output);

    if (report.exitCode === null) {
      // Connected: the tool goes on to wait for a banner; its first lines are the connect.
      expect(recorded.slice(0, report.lines.length)).toEqual(report.lines);
      return;
    }
    expect(report.exitCode).toBe(probe.exit_code);
    // Within 0.3 s, or 1 % of a long wait (the kernel's SYN retries are not to the millisecond).
    expect(Math.abs(report.afterMs / 1000 - probe.seconds)).toBeLessThan(
      Math.max(0.3, probe.seconds / 100),
    );
    expect(report.lines.map(withoutMs)).toEqual(recorded.map(withoutMs));
    for (const [i, line] of report.lines.entries()) {
      if (/after \d+ ms/.test(line))
        expect(Math.abs(msOf(line) - msOf(recorded[i]!))).toBeLessThan(1000);
    }
  });
});
