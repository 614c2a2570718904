// The scenario editor's form state: scenario data as text fields a person types into, and
// back. Checking is the build's own (parseScenario), so the editor and the files agree.
import { HOPS_FROM, SERVER_NAMES, type Origin } from '../engine/world/scenario.ts';
import { BLOCKLIST } from '../engine/world/switches.ts';

export interface RuleDraft {
  ports: string;
  action: string;
  except: string;
  /** For "throttle": how many connections pass before the rest are dropped. */
  allowFirst: string;
}

export interface ServerDraft {
  greylistSeconds: string;
  connectionRateLimit: string;
  relay: '' | 'reject' | 'defer';
  submissionTlsRequired: '' | 'yes' | 'no';
  blocklisted: boolean;
  /** More local mailboxes: "dave, sales". */
  mailboxes: string;
  /** More submission accounts, one per line: "dave@example.net hunter2". */
  accounts: string;
}

export interface ScenarioDraft {
  id: string;
  title: string;
  summary: string;
  from: Origin;
  rules: Record<string, RuleDraft[]>;
  down: string[];
  servers: Record<string, ServerDraft>;
}

export const ACTIONS = [
  'allow',
  'drop',
  'reject-reset',
  'reject-icmp-port-unreachable',
  'reject-icmp-admin-prohibited',
  'reject-icmp-host-unreachable',
  'blackhole',
  'strip-starttls',
  'throttle',
] as const;

/** "25, 587" -> [25, 587]; anything else is passed on for the check to name. */
function ports(text: string): unknown[] {
  return text
    .split(/[\s,]+/)
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function whole(text: string): unknown {
  if (text.trim() === '') return undefined;
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : text;
}

/** "user password" per line -> {user: password}; a line without a password keeps an empty
 * one, for the check to name. */
function accountsOf(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [user = '', ...rest] = line.split(/\s+/);
        return [user, rest.join(' ')];
      }),
  );
}

export function draftOf(data: Record<string, unknown>): ScenarioDraft {
  const from = (data.from as Origin) ?? 'home';
  const path = (data.path ?? {}) as Record<
    string,
    { ports: number[]; action: unknown; except?: string[] }[]
  >;
  const servers = (data.servers ?? {}) as Record<string, Record<string, unknown>>;
  return {
    id: String(data.id ?? ''),
    title: String(data.title ?? ''),
    summary: String(data.summary ?? ''),
    from,
    rules: Object.fromEntries(
      Object.entries(path).map(([hop, rules]) => [
        hop,
        rules.map((r) => {
          const throttle =
            typeof r.action === 'object' && r.action !== null && 'throttle' in r.action;
          return {
            ports: r.ports.join(', '),
            action: throttle ? 'throttle' : String(r.action),
            except: (r.except ?? []).join(', '),
            allowFirst: throttle ? String((r.action as { throttle: number }).throttle) : '2',
          };
        }),
      ]),
    ),
    down: [...((data.down as string[]) ?? [])],
    servers: Object.fromEntries(
      SERVER_NAMES.map((host) => {
        const s = servers[host] ?? {};
        return [
          host,
          {
            greylistSeconds: s.greylistSeconds === undefined ? '' : String(s.greylistSeconds),
            connectionRateLimit:
              s.connectionRateLimit === undefined ? '' : String(s.connectionRateLimit),
            relay: (s.relay as ServerDraft['relay']) ?? '',
            submissionTlsRequired:
              s.submissionTlsRequired === undefined ? '' : s.submissionTlsRequired ? 'yes' : 'no',
            blocklisted: Boolean(
              (s.dnsbl as { lists?: string[] } | undefined)?.lists?.includes('laptop'),
            ),
            mailboxes: ((s.mailboxes as string[] | undefined) ?? []).join(', '),
            accounts: Object.entries((s.accounts as Record<string, string> | undefined) ?? {})
              .map(([user, password]) => `${user} ${password}`)
              .join('\n'),
          },
        ];
      }),
    ),
  };
}

/** The draft as scenario data, exactly what a scenario file would hold. */
export function dataOf(draft: ScenarioDraft): Record<string, unknown> {
  const hopIds = HOPS_FROM[draft.from]?.map((h) => h.id) ?? [];
  const path: Record<string, unknown[]> = {};
  for (const [hop, rules] of Object.entries(draft.rules)) {
    if (rules.length === 0 || (!hopIds.includes(hop) && hop !== 'internet')) continue;
    path[hop] = rules.map((r) => ({
      ports: ports(r.ports),
      action: r.action === 'throttle' ? { throttle: whole(r.allowFirst) ?? '' } : r.action,
      ...(r.except.trim() ? { except: r.except.split(/[\s,]+/).filter(Boolean) } : {}),
    }));
  }
  const servers: Record<string, unknown> = {};
  for (const [host, s] of Object.entries(draft.servers)) {
    const policy = Object.fromEntries(
      Object.entries({
        greylistSeconds: whole(s.greylistSeconds),
        connectionRateLimit: whole(s.connectionRateLimit),
        relay: s.relay || undefined,
        submissionTlsRequired:
          s.submissionTlsRequired === '' ? undefined : s.submissionTlsRequired === 'yes',
        dnsbl: s.blocklisted ? BLOCKLIST : undefined,
        mailboxes: s.mailboxes.trim() ? s.mailboxes.split(/[\s,]+/).filter(Boolean) : undefined,
        accounts: s.accounts.trim() ? accountsOf(s.accounts) : undefined,
      }).filter(([, v]) => v !== undefined),
    );
    if (Object.keys(policy).length > 0) servers[host] = policy;
  }
  return {
    id: draft.id,
    title: draft.title,
    summary: draft.summary,
    from: draft.from,
    ...(Object.keys(path).length ? { path } : {}),
    ...(draft.down.length ? { down: draft.down } : {}),
    ...(Object.keys(servers).length ? { servers } : {}),
  };
}
