// Scenarios are data (lessons/scenarios/*.json): where the learner sits, what each hop of
// the path does to which ports, which servers are down. parseScenario() checks a file and
// names the file and the field of anything wrong.
import type { HopAction, IcmpType } from '../net/hop-policy.ts';
import type { Hop } from '../net/path.ts';

/** Where the learner's machine sits, which decides the hops of its path. */
export type Origin = 'home' | 'cloud' | 'datacenter' | 'office';

/** A hop of an origin's path, without the rules a scenario gives it. */
export type HopPlace = Omit<Hop, 'rules'>;

/** The transit core every path crosses (server to server too). */
export const INTERNET: HopPlace = {
  id: 'internet',
  name: 'internet',
  address: '198.51.100.1',
  reverseName: 'core1.transit.example',
};

export const HOPS_FROM: Readonly<Record<Origin, readonly HopPlace[]>> = {
  home: [
    { id: 'laptop', name: 'laptop', address: '192.168.1.23' },
    // Home routers rarely have a reverse name: traceroute shows the address twice.
    { id: 'home-router', name: 'home router (NAT)', address: '192.168.1.1' },
    { id: 'isp-edge', name: 'ISP edge', address: '203.0.113.1', reverseName: 'edge1.isp.example' },
    INTERNET,
  ],
  cloud: [
    { id: 'cloud-vm', name: 'cloud VM', address: '10.0.0.5' },
    { id: 'cloud-edge', name: 'cloud provider edge', address: '10.0.0.1' },
    INTERNET,
  ],
  office: [
    { id: 'workstation', name: 'your workstation', address: '10.20.0.23' },
    { id: 'office-firewall', name: 'office firewall (NAT)', address: '10.20.0.1' },
    INTERNET,
  ],
  datacenter: [
    { id: 'server', name: 'your server', address: '203.0.113.10' },
    {
      id: 'datacenter-edge',
      name: 'datacenter edge',
      address: '203.0.113.9',
      reverseName: 'gw1.dc.example',
    },
    INTERNET,
  ],
};

export interface ScenarioRule {
  readonly ports: readonly number[];
  readonly action: HopAction;
  /** Destination host names the rule leaves alone. */
  readonly except?: readonly string[];
}

export interface Scenario {
  readonly id: string;
  readonly title: string;
  readonly summary: string;
  readonly from: Origin;
  /** Hop id -> its rules, first match wins. */
  readonly rules: Readonly<Record<string, readonly ScenarioRule[]>>;
  /** Hosts whose SMTP services are down (connections are refused). */
  readonly down: readonly string[];
  /** Policies switched on at a host's port-25 smtpd. */
  readonly servers: Readonly<Record<string, ServerPolicy>>;
}

/** Server knobs a scenario turns (Postfix parameters in profile.ts). */
export interface ServerPolicy {
  /** check_policy_service greylisting: seconds before a retry is let through. */
  readonly greylistSeconds?: number;
  /** smtpd_client_connection_rate_limit per 60 s. */
  readonly connectionRateLimit?: number;
  /** Mail for other domains: reject_unauth_destination (554) or defer_unauth_destination
   * (454, the sender's server keeps trying). */
  readonly relay?: 'reject' | 'defer';
  /** The submission port (587): smtpd_tls_security_level=encrypt (true) or may (false). */
  readonly submissionTlsRequired?: boolean;
  /** More local mailboxes (local parts) than the host's own users. */
  readonly mailboxes?: readonly string[];
  /** More SASL accounts on its submission ports (user name -> password). */
  readonly accounts?: Readonly<Record<string, string>>;
  /** smtpd_sender_login_maps (each SASL login owns the address it is named after) with
   * smtpd_sender_restrictions = reject_sender_login_mismatch on the submission ports (587,
   * 465): a logged-in user may send only as itself, and nobody may use those addresses
   * without logging in. */
  readonly senderLoginMismatch?: boolean;
  /** message_size_limit (bytes) of every smtpd on the host: the EHLO's SIZE, SIZE= at MAIL,
   * and the message itself. */
  readonly messageSizeLimit?: number;
  /** smtpd_tls_cert_file: the name the host's (self-signed) certificate is issued for, when
   * it is not the host's own name. */
  readonly certificateName?: string;
  /** reject_rbl_client: the zone, who it lists ("laptop" is the learner's public address),
   * and the TXT reason it gives. */
  readonly dnsbl?: {
    readonly zone: string;
    readonly lists: readonly string[];
    readonly reason: string | null;
  };
}

/** The hosts a scenario may configure. */
export const SERVER_NAMES = [
  'mx.example.org',
  'smtp.example.net',
  'mx.example.com',
  'relay.example.com',
] as const;

export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}: ${field}: ${problem}`);
  }
}

/** What a scenario may hold. A scenario describes a few hops and servers; files, editor text
 * and share links beyond these are refused before they reach the world (20,000 rules on a hop
 * once froze the page for ten seconds: each connection walks them). The lab's own scenarios
 * use a tenth of each. */
export const SCENARIO_LIMITS = {
  rulesPerHop: 16,
  portsPerRule: 32,
  hostsPerList: 16,
  hostNameLength: 253, // RFC 1035 §2.3.4, as a name is written
  titleLength: 100,
  summaryLength: 1000,
  idLength: 64,
  mailboxes: 100,
  accounts: 100,
  credentialLength: 256,
  reasonLength: 500,
  /** message_size_limit: at least 1, at most Postfix's default mailbox_size_limit (local(8)
   * stops with "configuration error: mailbox_size_limit is smaller than message_size_limit",
   * and with "... is limited but message_size_limit is unlimited" for 0). */
  messageSizeLimit: 51_200_000,
} as const;

const ICMP: readonly IcmpType[] = ['port-unreachable', 'admin-prohibited', 'host-unreachable'];

function action(value: unknown, fail: (problem: string) => never): HopAction {
  if (
    value === 'allow' ||
    value === 'drop' ||
    value === 'reject-reset' ||
    value === 'blackhole' ||
    value === 'strip-starttls'
  )
    return { kind: value };
  if (
    typeof value === 'string' &&
    value.startsWith('reject-icmp-') &&
    ICMP.includes(value.slice(12) as IcmpType)
  ) {
    return { kind: 'reject-icmp', type: value.slice(12) as IcmpType };
  }
  if (typeof value === 'object' && value !== null && 'throttle' in value) {
    const allowFirst = (value as { throttle: unknown }).throttle;
    if (Number.isInteger(allowFirst) && (allowFirst as number) >= 0)
      return { kind: 'throttle', allowFirst: allowFirst as number };
    fail('throttle needs a whole number of connections to let through');
  }
  return fail(
    'must be "allow", "drop", "reject-reset", "reject-icmp-port-unreachable", "reject-icmp-admin-prohibited", "reject-icmp-host-unreachable", "blackhole", "strip-starttls" or {"throttle": n}',
  );
}

/** Checks a scenario's data; its id must be the file's name unless the caller says otherwise
 * (a lesson's own variation of a scenario). */
export function parseScenario(
  data: unknown,
  file: string,
  expectedId = file.replace(/^.*[\\/]/, '').replace(/\.json$/, ''),
): Scenario {
  const fail =
    (field: string) =>
    (problem: string): never => {
      throw new ScenarioError(file, field, problem);
    };
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    fail('(file)')('must be a JSON object');
  const d = data as Record<string, unknown>;
  const text = (field: string, maxLength: number): string => {
    const value = d[field];
    if (typeof value !== 'string' || value.trim() === '') fail(field)('must be a non-empty string');
    if ((value as string).length > maxLength)
      fail(field)(`is ${(value as string).length} characters long; at most ${maxLength} fit`);
    return value as string;
  };
  const id = text('id', SCENARIO_LIMITS.idLength);
  if (id !== expectedId) fail('id')(`must match the file name ("${expectedId}")`);
  const from = d.from ?? 'home';
  if (!Object.hasOwn(HOPS_FROM, from as string))
    fail('from')('must be "home", "cloud", "datacenter" or "office"');
  const hopIds = new Set(HOPS_FROM[from as Origin].map((h) => h.id));

  const rules: Record<string, ScenarioRule[]> = {};
  const path = d.path ?? {};
  if (typeof path !== 'object' || path === null || Array.isArray(path))
    fail('path')('must be an object of hop id -> rules');
  for (const [hop, list] of Object.entries(path as Record<string, unknown>)) {
    if (!hopIds.has(hop))
      fail(`path.${hop}`)(`is not a hop of a ${String(from)} path (${[...hopIds].join(', ')})`);
    if (!Array.isArray(list)) fail(`path.${hop}`)('must be a list of rules');
    atMost(list as unknown[], SCENARIO_LIMITS.rulesPerHop, 'rules', fail(`path.${hop}`));
    rules[hop] = (list as unknown[]).map((rule, i) => {
      const field = `path.${hop}[${i}]`;
      const r = rule as { ports?: unknown; action?: unknown; except?: unknown };
      const ports = r?.ports;
      if (
        !Array.isArray(ports) ||
        ports.length === 0 ||
        !ports.every((p) => Number.isInteger(p) && p > 0 && p < 65536)
      ) {
        fail(`${field}.ports`)('must be a list of TCP ports');
      }
      atMost(ports as number[], SCENARIO_LIMITS.portsPerRule, 'ports', fail(`${field}.ports`));
      const except = hostList(r.except ?? [], fail(`${field}.except`));
      const parsed = {
        ports: ports as number[],
        action: action(r.action, fail(`${field}.action`)),
      };
      return except.length > 0 ? { ...parsed, except } : parsed;
    });
  }
  const down = hostList(d.down ?? [], fail('down'));
  return {
    id,
    title: text('title', SCENARIO_LIMITS.titleLength),
    summary: text('summary', SCENARIO_LIMITS.summaryLength),
    from: from as Origin,
    rules,
    down,
    servers: parseServers(d.servers ?? {}, fail),
  };
}

/** A list no longer than `max`; else the field fails, saying how long it was. */
function atMost(list: readonly unknown[], max: number, what: string, fail: Fail): void {
  if (list.length > max) fail(`has ${list.length} ${what}; at most ${max} fit`);
}

function hostList(value: unknown, fail: Fail): string[] {
  if (
    !Array.isArray(value) ||
    !value.every((h) => typeof h === 'string' && h.length <= SCENARIO_LIMITS.hostNameLength)
  )
    fail('must be a list of host names');
  atMost(value as string[], SCENARIO_LIMITS.hostsPerList, 'host names', fail);
  return value as string[];
}

type Fail = (problem: string) => never;

function parseServers(
  value: unknown,
  fail: (field: string) => (problem: string) => never,
): Record<string, ServerPolicy> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail('servers')('must be an object of host name -> policies');
  const servers: Record<string, ServerPolicy> = {};
  for (const [host, raw] of Object.entries(value as Record<string, unknown>)) {
    const field = `servers.${host}`;
    if (!(SERVER_NAMES as readonly string[]).includes(host))
      fail(field)(`is not a server of the world (${SERVER_NAMES.join(', ')})`);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      fail(field)('must be an object of policies');
    const p = raw as Record<string, unknown>;
    const known = [
      'greylistSeconds',
      'connectionRateLimit',
      'dnsbl',
      'relay',
      'submissionTlsRequired',
      'mailboxes',
      'accounts',
      'senderLoginMismatch',
      'messageSizeLimit',
      'certificateName',
    ];
    const unknown = Object.keys(p).filter((k) => !known.includes(k));
    if (unknown.length > 0) fail(`${field}.${unknown[0]}`)(`is not a policy (${known.join(', ')})`);
    const whole = (key: string, min: number) => {
      const n = p[key];
      if (n === undefined) return undefined;
      if (!Number.isInteger(n) || (n as number) < min)
        fail(`${field}.${key}`)(`must be a whole number, at least ${min}`);
      return n as number;
    };
    const policy: { -readonly [K in keyof ServerPolicy]: ServerPolicy[K] } = {};
    const greylistSeconds = whole('greylistSeconds', 1);
    if (greylistSeconds !== undefined) policy.greylistSeconds = greylistSeconds;
    const connectionRateLimit = whole('connectionRateLimit', 1);
    if (connectionRateLimit !== undefined) policy.connectionRateLimit = connectionRateLimit;
    if (p.relay !== undefined) {
      if (p.relay !== 'reject' && p.relay !== 'defer')
        fail(`${field}.relay`)('must be "reject" or "defer"');
      policy.relay = p.relay as 'reject' | 'defer';
    }
    if (p.submissionTlsRequired !== undefined) {
      if (typeof p.submissionTlsRequired !== 'boolean')
        fail(`${field}.submissionTlsRequired`)('must be true or false');
      policy.submissionTlsRequired = p.submissionTlsRequired as boolean;
    }
    if (p.senderLoginMismatch !== undefined) {
      if (typeof p.senderLoginMismatch !== 'boolean')
        fail(`${field}.senderLoginMismatch`)('must be true or false');
      policy.senderLoginMismatch = p.senderLoginMismatch as boolean;
    }
    if (p.messageSizeLimit !== undefined) {
      const n = p.messageSizeLimit;
      const max = SCENARIO_LIMITS.messageSizeLimit;
      if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > max)
        fail(`${field}.messageSizeLimit`)(
          `must be a whole number of bytes from 1 to ${max} (Postfix's mailbox_size_limit; its default message_size_limit is 10240000)`,
        );
      policy.messageSizeLimit = n as number;
    }
    if (p.certificateName !== undefined) {
      const name = p.certificateName;
      if (
        typeof name !== 'string' ||
        name.length > SCENARIO_LIMITS.hostNameLength ||
        !/^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i.test(name)
      )
        fail(`${field}.certificateName`)('must be a DNS name, e.g. "mail.example.net"');
      policy.certificateName = name as string;
    }
    if (p.mailboxes !== undefined) {
      if (
        !Array.isArray(p.mailboxes) ||
        !p.mailboxes.every(
          // RFC 5321 §4.5.3.1.1: a local part is at most 64 octets.
          (m) => typeof m === 'string' && m.length <= 64 && /^[a-z0-9][a-z0-9._+-]*$/i.test(m),
        )
      )
        fail(`${field}.mailboxes`)('must be a list of local parts, e.g. ["dave", "sales"]');
      atMost(
        p.mailboxes as string[],
        SCENARIO_LIMITS.mailboxes,
        'mailboxes',
        fail(`${field}.mailboxes`),
      );
      policy.mailboxes = p.mailboxes as string[];
    }
    if (p.accounts !== undefined) {
      const a = p.accounts as Record<string, unknown>;
      if (
        typeof a !== 'object' ||
        a === null ||
        Array.isArray(a) ||
        !Object.entries(a).every(
          ([user, password]) =>
            user.length <= SCENARIO_LIMITS.credentialLength &&
            /^[^\s:]+$/.test(user) &&
            typeof password === 'string' &&
            password !== '' &&
            password.length <= SCENARIO_LIMITS.credentialLength,
        )
      )
        fail(`${field}.accounts`)(
          'must map user names to passwords, e.g. {"dave@example.net": "pw"}',
        );
      atMost(Object.keys(a), SCENARIO_LIMITS.accounts, 'accounts', fail(`${field}.accounts`));
      policy.accounts = a as Record<string, string>;
    }
    if (p.dnsbl !== undefined) {
      const b = p.dnsbl as { zone?: unknown; lists?: unknown; reason?: unknown };
      if (
        typeof b?.zone !== 'string' ||
        b.zone.length > SCENARIO_LIMITS.hostNameLength ||
        !/^[a-z0-9.-]+\.[a-z]+$/i.test(b.zone)
      )
        fail(`${field}.dnsbl.zone`)('must be a DNS zone name');
      if (
        !Array.isArray(b.lists) ||
        !b.lists.every((a) => typeof a === 'string' && a.length <= SCENARIO_LIMITS.hostNameLength)
      )
        fail(`${field}.dnsbl.lists`)('must be a list of addresses ("laptop": the learner\'s)');
      atMost(
        b.lists as string[],
        SCENARIO_LIMITS.hostsPerList,
        'addresses',
        fail(`${field}.dnsbl.lists`),
      );
      if (b.reason !== undefined && typeof b.reason !== 'string')
        fail(`${field}.dnsbl.reason`)('must be a string');
      if (typeof b.reason === 'string' && b.reason.length > SCENARIO_LIMITS.reasonLength)
        fail(`${field}.dnsbl.reason`)(`is longer than ${SCENARIO_LIMITS.reasonLength} characters`);
      policy.dnsbl = {
        zone: b.zone as string,
        lists: b.lists as string[],
        reason: (b.reason as string | undefined) ?? null,
      };
    }
    servers[host] = policy;
  }
  return servers;
}

/** Checks scenario data that is not a file's (the editor's, a share link's): its id is its
 * own; `source` names it in the errors. */
export function parseScenarioData(data: unknown, source: string): Scenario {
  const id = (data as { id?: unknown } | null)?.id;
  return parseScenario(data, source, typeof id === 'string' ? id : '');
}

/** A hop action as scenario files write it ("drop", "reject-icmp-admin-prohibited",
 * {"throttle": 2}). */
function actionData(action: HopAction): unknown {
  switch (action.kind) {
    case 'reject-icmp':
      return `reject-icmp-${action.type}`;
    case 'throttle':
      return { throttle: action.allowFirst };
    default:
      return action.kind;
  }
}

/** A scenario back in its file form: what parseScenario reads (share links, exports). */
export function scenarioData(scenario: Scenario): Record<string, unknown> {
  const path = Object.fromEntries(
    Object.entries(scenario.rules).map(([hop, rules]) => [
      hop,
      rules.map((r) => ({
        ports: [...r.ports],
        action: actionData(r.action),
        ...(r.except?.length ? { except: [...r.except] } : {}),
      })),
    ]),
  );
  return {
    id: scenario.id,
    title: scenario.title,
    summary: scenario.summary,
    from: scenario.from,
    ...(Object.keys(path).length ? { path } : {}),
    ...(scenario.down.length ? { down: [...scenario.down] } : {}),
    ...(Object.keys(scenario.servers).length ? { servers: serversData(scenario.servers) } : {}),
  };
}

function serversData(servers: Scenario['servers']): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(servers).map(([host, { dnsbl, ...policy }]) => [
      host,
      {
        ...policy,
        ...(dnsbl
          ? {
              dnsbl: {
                zone: dnsbl.zone,
                lists: [...dnsbl.lists],
                ...(dnsbl.reason !== null ? { reason: dnsbl.reason } : {}),
              },
            }
          : {}),
      },
    ]),
  );
}
