// The four reference services on ephemeral loopback ports, for tests that talk to them
// through real sockets. The recorded corpus names them by Postfix port.
import { startSmtpServer, type RunningSmtpServer } from '../../src/adapters/tcp/server.ts';
import type { DeliveredMessage } from '../../src/engine/smtp/types.ts';
import { profileForPort } from '../tools/fidelity/profile-for-port.ts';

/** The recorded Postfix ports: MX, submission, submissions, hardened MX. */
export const RECORDED_PORTS = [25, 587, 465, 2525] as const;

export interface ReferenceServers {
  /** Where a case recorded against `host`:`port` should connect now. */
  target(host: string, port: number): { host: string; port: number };
  readonly servers: readonly RunningSmtpServer[];
  readonly delivered: DeliveredMessage[];
  readonly logLines: string[];
  /** Whether ::1 cases really run over IPv6 here. */
  readonly ipv6: boolean;
  close(): Promise<void>;
}

export async function startReferenceServers(): Promise<ReferenceServers> {
  const delivered: DeliveredMessage[] = [];
  const logLines: string[] = [];
  const common = {
    port: 0,
    log: (line: string) => logLines.push(line),
    onDeliver: (m: DeliveredMessage) => delivered.push(m),
  };
  const byPort = new Map<string, RunningSmtpServer>();
  const servers: RunningSmtpServer[] = [];
  for (const port of RECORDED_PORTS) {
    const profile = profileForPort(port);
    const server = await startSmtpServer({ ...common, profile, host: '127.0.0.1' });
    servers.push(server);
    byPort.set(`127.0.0.1:${port}`, server);
    // IPv6 loopback where the machine has it (case s122 connects to ::1).
    const v6 = await startSmtpServer({ ...common, profile, host: '::1' }).catch(() => undefined);
    if (v6) {
      servers.push(v6);
      byPort.set(`::1:${port}`, v6);
    }
  }
  const ipv6 = servers.some((s) => s.host === '::1');
  return {
    target(host, port) {
      const server = byPort.get(`${host}:${port}`) ?? byPort.get(`127.0.0.1:${port}`);
      if (!server) throw new Error(`no reference server for port ${port}`);
      return { host: server.host, port: server.port };
    },
    servers,
    delivered,
    logLines,
    ipv6,
    async close() {
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
