// The trainer's live switches: each one rewrites a scenario's data, and the running world takes
// the result for its next connection (Simulation.reconfigure). Reading them back from a
// scenario gives the switch panel its positions.
import type { HopAction } from '../net/hop-policy.ts';
import type { Origin, Scenario, ScenarioRule, ServerPolicy } from './scenario.ts';

export type IspPort25 = 'open' | 'drop' | 'reject' | 'throttle';

export interface Switches {
  /** What the learner's network edge does with outbound TCP/25. */
  readonly isp25: IspPort25;
  /** mx.example.org and mail for other domains: refuse (554) or ask to retry (454). */
  readonly mxRelay: 'reject' | 'defer';
  /** smtp.example.net:587 insists on STARTTLS before MAIL (smtpd_tls_security_level). */
  readonly submissionTls: boolean;
  readonly greylisting: boolean;
  readonly rateLimit: boolean;
  /** The learner's public address is on bl.example.net, which mx.example.org consults. */
  readonly blocklisted: boolean;
  /** A box on the internet rewrites STARTTLS out of EHLO replies (ports 25 and 587). */
  readonly stripStartTls: boolean;
}

export type SwitchName = keyof Switches;

/** The hop where the learner's own network meets the world: where port 25 is filtered. */
export const EDGE_HOP: Readonly<Record<Origin, string>> = {
  home: 'isp-edge',
  cloud: 'cloud-edge',
  office: 'office-firewall',
  datacenter: 'datacenter-edge',
};

const MX = 'mx.example.org';
const PROVIDER = 'smtp.example.net';
const GREYLIST_SECONDS = 300;
const RATE_LIMIT = 3;
const THROTTLE_FIRST = 2;
/** The blocklist the switch (and the scenario editor) puts the learner's address on, as the
 * dnsbl-listed scenario has it. */
export const BLOCKLIST = {
  zone: 'bl.example.net',
  lists: ['laptop'],
  reason:
    'Dynamic/residential IP range listed by bl.example.net, see https://bl.example.net/lookup',
};

const ISP_ACTIONS: Readonly<Record<Exclude<IspPort25, 'open'>, HopAction>> = {
  drop: { kind: 'drop' },
  reject: { kind: 'reject-reset' },
  throttle: { kind: 'throttle', allowFirst: THROTTLE_FIRST },
};

function port25Action(rules: readonly ScenarioRule[] = []): IspPort25 {
  const rule = rules.find((r) => r.ports.includes(25));
  switch (rule?.action.kind) {
    case 'drop':
    case 'blackhole':
      return 'drop';
    case 'reject-reset':
    case 'reject-icmp':
      return 'reject';
    case 'throttle':
      return 'throttle';
    default:
      return 'open';
  }
}

export function switchesOf(scenario: Scenario): Switches {
  const mx = scenario.servers[MX] ?? {};
  const internet = scenario.rules.internet ?? [];
  return {
    isp25: port25Action(scenario.rules[EDGE_HOP[scenario.from]]),
    mxRelay: mx.relay ?? 'reject',
    submissionTls: scenario.servers[PROVIDER]?.submissionTlsRequired ?? true,
    greylisting: Boolean(mx.greylistSeconds),
    rateLimit: Boolean(mx.connectionRateLimit),
    blocklisted: Boolean(mx.dnsbl?.lists.includes('laptop')),
    stripStartTls: internet.some((r) => r.action.kind === 'strip-starttls'),
  };
}

/** The scenario with one switch moved. */
export function withSwitch<K extends SwitchName>(
  scenario: Scenario,
  name: K,
  value: Switches[K],
): Scenario {
  const rules = { ...scenario.rules };
  const servers: Record<string, ServerPolicy> = { ...scenario.servers };
  const mx: { -readonly [P in keyof ServerPolicy]: ServerPolicy[P] } = { ...servers[MX] };
  const edge = EDGE_HOP[scenario.from];
  switch (name) {
    case 'isp25': {
      const others = (rules[edge] ?? []).filter((r) => !r.ports.includes(25));
      const v = value as IspPort25;
      const action = v === 'open' ? null : ISP_ACTIONS[v];
      rules[edge] = action ? [{ ports: [25], action }, ...others] : others;
      break;
    }
    case 'stripStartTls': {
      const others = (rules.internet ?? []).filter((r) => r.action.kind !== 'strip-starttls');
      rules.internet = value
        ? [...others, { ports: [25, 587], action: { kind: 'strip-starttls' } }]
        : others;
      break;
    }
    case 'submissionTls':
      servers[PROVIDER] = { ...servers[PROVIDER], submissionTlsRequired: value as boolean };
      break;
    case 'mxRelay':
      mx.relay = value as 'reject' | 'defer';
      break;
    case 'greylisting':
      mx.greylistSeconds = value ? GREYLIST_SECONDS : undefined;
      break;
    case 'rateLimit':
      mx.connectionRateLimit = value ? RATE_LIMIT : undefined;
      break;
    case 'blocklisted':
      mx.dnsbl = value ? BLOCKLIST : undefined;
      break;
  }
  servers[MX] = Object.fromEntries(Object.entries(mx).filter(([, v]) => v !== undefined));
  return { ...scenario, rules, servers };
}

/** "ISP port 25: drop" — how the transcript and the trace name a flip. */
export const SWITCH_LABELS: Readonly<Record<SwitchName, string>> = {
  isp25: 'Port 25 at your network edge',
  mxRelay: 'mx.example.org, mail for other domains',
  submissionTls: 'TLS required on submission (587)',
  greylisting: 'Greylisting at mx.example.org',
  rateLimit: 'Connection rate limit at mx.example.org',
  blocklisted: 'Your address on the bl.example.net blocklist',
  stripStartTls: 'An attacker strips STARTTLS on the internet',
};
