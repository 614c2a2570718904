// The reference world of DESIGN.md, and the scenarios that change the path through it.
import { mxProfile, submissionProfile, submissionsProfile } from '../smtp/profiles.ts';
import { withOverrides, type ServerProfile } from '../smtp/profile.ts';
import type { Hop } from '../net/path.ts';
import { loginOwnsItsName } from '../smtp/policy/sender-login-map.ts';
import { blocklistZones } from './dns-names.ts';
import { HOPS_FROM, INTERNET, type Scenario, type ServerPolicy } from './scenario.ts';
import type { Host, World } from './world.ts';

/** A profile as it runs on `hostname`, for `domain` (myhostname, mydestination) with these
 * users' mailboxes beside the system accounts every Debian host has. */
function onHost(
  profile: ServerProfile,
  hostname: string,
  domain: string,
  users: readonly string[],
): ServerProfile {
  const systemAccounts = mxProfile.mailboxes.filter((m) => m !== 'bob');
  return withOverrides(profile, {
    hostname,
    banner: `${hostname} ESMTP`,
    localDomains: [domain, hostname, `localhost.${domain}`, 'localhost'],
    mailboxes: [...users, ...systemAccounts],
  });
}

/** The recipient's MX: the recorded server as it is. */
const mx: Host = {
  name: 'mx.example.org',
  address: '198.51.100.25',
  services: { 25: mxProfile },
};

/** The learner's provider: submission for its users (alice), and the MX of example.net. */
const provider: Host = {
  name: 'smtp.example.net',
  address: '192.0.2.87',
  services: {
    25: onHost(mxProfile, 'smtp.example.net', 'example.net', ['alice']),
    587: onHost(submissionProfile, 'smtp.example.net', 'example.net', ['alice']),
    465: onHost(submissionsProfile, 'smtp.example.net', 'example.net', ['alice']),
  },
};

/** Some other domain's MX (carol@example.com), where relayed mail for example.com lands. */
const otherMx: Host = {
  name: 'mx.example.com',
  address: '198.51.100.40',
  services: { 25: onHost(mxProfile, 'mx.example.com', 'example.com', ['carol']) },
};

/** An office's smarthost: relays anything from the office's address (mynetworks), final
 * destination for nobody. */
const officeRelay: Host = {
  name: 'relay.example.com',
  address: '198.51.100.60',
  services: {
    25: withOverrides(onHost(mxProfile, 'relay.example.com', 'example.com', []), {
      localDomains: ['relay.example.com', 'localhost'],
      restrictions: { mynetworks: ['203.0.113.70'] },
    }),
  },
};

/** The last router before each host (its network's border), as traceroute shows it. */
/** What the mail domains publish in DNS: SPF (RFC 7208 §3: one "v=spf1" record at the domain)
 * naming the hosts that send their mail, here their MX ("mx"), everything else failing
 * ("-all"); DMARC (RFC 7489 §6.1: at _dmarc.<domain>) with the domain's policy for mail that
 * fails, and where aggregate reports go (rua). */
const PUBLISHED_TXT: Readonly<Record<string, readonly string[]>> = {
  'example.org': ['v=spf1 mx -all'],
  '_dmarc.example.org': ['v=DMARC1; p=reject; rua=mailto:dmarc-reports@example.org'],
  'example.net': ['v=spf1 mx -all'],
  '_dmarc.example.net': ['v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@example.net'],
};

const BORDERS: Readonly<Record<string, { address: string; reverseName: string }>> = {
  'mx.example.org': { address: '198.51.100.254', reverseName: 'border.example.org' },
  'smtp.example.net': { address: '192.0.2.254', reverseName: 'border.example.net' },
  'mx.example.com': { address: '198.51.100.126', reverseName: 'border.example.com' },
  'relay.example.com': { address: '198.51.100.126', reverseName: 'border.example.com' },
};

/** Where the learner's machine is, and how servers see it (through NAT at home). */
const ORIGIN_MACHINE = {
  home: { user: 'alice', name: 'laptop', address: '192.168.1.23', publicAddress: '203.0.113.45' },
  cloud: { user: 'admin', name: 'cloud-vm', address: '10.0.0.5', publicAddress: '203.0.113.80' },
  office: {
    user: 'alice',
    name: 'workstation',
    address: '10.20.0.23',
    publicAddress: '203.0.113.70',
  },
  datacenter: {
    user: 'root',
    name: 'server',
    address: '203.0.113.10',
    publicAddress: '203.0.113.10',
  },
} as const;

/** The reference world as a scenario shapes it. */
export function referenceWorld(scenario: Scenario = DIRECT): World {
  const laptop = ORIGIN_MACHINE[scenario.from];
  const hosts = [mx, provider, otherMx, officeRelay].map((host) =>
    scenario.down.includes(host.name)
      ? { ...host, services: {} }
      : withPolicy(host, scenario.servers[host.name], laptop.publicAddress),
  );
  const withRules = (hop: Omit<Hop, 'rules'>): Hop => ({
    ...hop,
    rules: scenario.rules[hop.id] ?? [],
  });
  const border = (host: Host): Hop => ({
    id: `${host.name}-border`,
    name: `${host.name} border`,
    ...BORDERS[host.name]!,
    rules: [],
  });
  return {
    hosts,
    mx: {
      'example.org': ['mx.example.org'],
      'example.net': ['smtp.example.net'],
      'example.com': ['mx.example.com'],
    },
    pathTo: (host) => [...HOPS_FROM[scenario.from].map(withRules), border(host)],
    // Server to server: out of the sender's network, across the internet, into the recipient's.
    serverPath: (from, to) => [
      { id: from.name, name: from.name, address: from.address, rules: [] },
      withRules(INTERNET),
      border(to),
    ],
    resolver: scenario.from === 'home' ? '192.168.1.1' : '203.0.113.53',
    txt: PUBLISHED_TXT,
    // The recipient's domain is signed (what DANE for its MX will need, RFC 7672 §2.2).
    signed: ['example.org'],
    // DANE for its MX: a TLSA record pinning mx.example.org's key (RFC 7672 §3.1).
    tlsa: { '_25._tcp.mx.example.org': 'mx.example.org' },
    // The provider's submission server under a second name (the name its certificate would
    // carry in a scenario that gives it one).
    cname: { 'mail.example.net': 'smtp.example.net' },
    laptop,
    // The blocklists the servers consult answer in DNS (a third party's zone: there even when
    // the server that consults it is down).
    ...blocklistsOf(scenario, laptop.publicAddress),
  };
}

/** A server's reject_rbl_client listing: "laptop" is the learner's public address. */
function listingOf(dnsbl: NonNullable<ServerPolicy['dnsbl']>, laptopAddress: string) {
  return {
    zone: dnsbl.zone,
    listed: Object.fromEntries(
      dnsbl.lists.map((a) => [a === 'laptop' ? laptopAddress : a, dnsbl.reason]),
    ),
  };
}

/** The world's DNS blocklist zones, when a scenario's server consults one. */
function blocklistsOf(scenario: Scenario, laptopAddress: string): Pick<World, 'dnsbl'> {
  const listings = Object.values(scenario.servers).flatMap((policy) =>
    policy.dnsbl ? [listingOf(policy.dnsbl, laptopAddress)] : [],
  );
  return listings.length > 0 ? { dnsbl: blocklistZones(listings) } : {};
}

/** Nothing in the way: the world before any scenario changes it. */
const DIRECT: Scenario = {
  id: 'direct',
  title: 'direct',
  summary: 'direct',
  from: 'home',
  rules: {},
  down: [],
  servers: {},
};

/** A host with a scenario's policies switched on: at its port-25 smtpd, the TLS level of its
 * submission port, the sender logins of its submission ports, and what main.cf sets for
 * every smtpd (message_size_limit, smtpd_tls_cert_file). */
function withPolicy(host: Host, policy: ServerPolicy | undefined, laptopAddress: string): Host {
  const smtpd = host.services[25];
  if (policy === undefined || smtpd === undefined) return host;
  const dnsbl = policy.dnsbl && listingOf(policy.dnsbl, laptopAddress);
  const profile = withOverrides(smtpd, {
    restrictions: {
      ...(dnsbl ? { dnsbl } : {}),
      ...(policy.greylistSeconds ? { greylistDelayMs: policy.greylistSeconds * 1000 } : {}),
      ...(policy.relay ? { unauthDestination: policy.relay } : {}),
    },
    limits: policy.connectionRateLimit ? { connectionRate: policy.connectionRateLimit } : {},
  });
  const services: Record<number, ServerProfile> = { ...host.services, 25: profile };
  // More mailboxes (every port's local_recipient_maps) and SASL accounts (where AUTH runs).
  for (const [port, service] of Object.entries(services)) {
    const accounts =
      policy.accounts && service.auth.enabled
        ? { ...service.auth.accounts, ...policy.accounts }
        : service.auth.accounts;
    services[Number(port)] = withOverrides(service, {
      ...(policy.mailboxes ? { mailboxes: [...service.mailboxes, ...policy.mailboxes] } : {}),
      ...(accounts !== service.auth.accounts ? { auth: { ...service.auth, accounts } } : {}),
      // -o smtpd_sender_restrictions=reject_sender_login_mismatch where AUTH runs (587, 465),
      // smtpd_sender_login_maps built from the same SASL accounts (policy/sender.ts).
      ...(policy.senderLoginMismatch && service.auth.enabled
        ? { restrictions: { ...service.restrictions, senderLoginMaps: loginOwnsItsName(accounts) } }
        : {}),
      // main.cf: message_size_limit, smtpd_tls_cert_file.
      ...(policy.messageSizeLimit !== undefined
        ? { limits: { ...service.limits, messageSize: policy.messageSizeLimit } }
        : {}),
      ...(policy.certificateName !== undefined
        ? { tls: { ...service.tls, certificateName: policy.certificateName } }
        : {}),
    });
  }
  const submission = services[587];
  if (submission && policy.submissionTlsRequired !== undefined) {
    // smtpd_tls_security_level=encrypt or may on 587 (AUTH stays inside TLS: smtpd_tls_auth_only).
    services[587] = withOverrides(submission, {
      tls: { ...submission.tls, required: policy.submissionTlsRequired },
    });
  }
  return { ...host, services };
}
