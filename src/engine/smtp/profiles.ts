// The reference profiles: the Postfix 3.7 configuration recorded in shared/fidelity
// (config/main.cf.postconf-n and config/master.cf.services), knob for knob.
import type { ServerProfile } from './profile.ts';

const HOSTNAME = 'mx.example.org';

/** port 25: Postfix defaults plus the recorded main.cf. */
export const mxProfile: ServerProfile = {
  id: 'mx',
  role: 'mx',
  port: 25,
  syslogName: 'postfix', // syslog_name; the log tag is postfix/smtpd
  hostname: HOSTNAME,
  banner: `${HOSTNAME} ESMTP`, // smtpd_banner = $myhostname ESMTP
  // mydestination = $mydomain, $myhostname, localhost.$mydomain, localhost
  localDomains: ['example.org', HOSTNAME, 'localhost.example.org', 'localhost'],
  // local_recipient_maps = passwd + aliases: bob has a mailbox, root and postmaster are
  // aliases, the rest are Debian's base system accounts (so nobody@example.org is valid).
  // Postfix never refuses postmaster or MAILER-DAEMON (RFC 5321 §4.5.1).
  mailboxes: [
    'bob',
    'postmaster',
    'mailer-daemon',
    'root',
    'daemon',
    'bin',
    'sys',
    'sync',
    'games',
    'man',
    'lp',
    'mail',
    'news',
    'uucp',
    'proxy',
    'www-data',
    'backup',
    'list',
    'irc',
    '_apt',
    'nobody',
    'postfix',
  ],
  tls: { offered: true, required: false, implicit: false }, // smtpd_tls_security_level = may
  auth: {
    enabled: false, // smtpd_sasl_auth_enable = no
    tlsOnly: false,
    mechanisms: ['PLAIN', 'LOGIN'],
    accounts: { 'alice@example.net': 's3cret' },
    failureDelayMs: 2000, // Dovecot auth_failure_delay = 2 secs
  },
  restrictions: {
    heloRequired: false,
    rejectInvalidHelo: false,
    rejectNonFqdnHelo: false,
    unauthDestination: 'reject', // smtpd_relay_restrictions = ..., reject_unauth_destination
    recipientsNeedAuth: false,
    rejectUnlistedRecipient: true,
    strictEnvelopes: false,
    vrfyDisabled: false,
    forbidUnauthPipelining: false,
    bareNewline: 'accept', // smtpd_forbid_bare_newline = no (the 3.7 default)
    blockedClients: [],
    mynetworks: [],
    senderLoginMaps: null, // smtpd_sender_login_maps empty, smtpd_sender_restrictions empty
    dnsbl: null,
    greylistDelayMs: null,
  },
  limits: {
    messageSize: 10_240_000, // message_size_limit (the default)
    lineLength: 2048,
    recipients: 1000,
    softErrors: 10,
    hardErrors: 20,
    junkCommands: 100,
    errorSleepMs: 1000,
    idleTimeoutMs: 300_000,
    starttlsTimeoutMs: 300_000, // smtpd_starttls_timeout = ${stress?{10}:{300}}s
    connectionRate: 0, // smtpd_client_connection_rate_limit = 0 (no limit)
  },
};

/** port 2525: the hardened MX of master.cf. */
export const mxHardenedProfile: ServerProfile = {
  ...mxProfile,
  id: 'mx-hardened',
  port: 2525,
  syslogName: 'postfix/hardened',
  restrictions: {
    ...mxProfile.restrictions,
    heloRequired: true,
    rejectInvalidHelo: true,
    rejectNonFqdnHelo: true,
    unauthDestination: 'defer', // defer_unauth_destination
    strictEnvelopes: true,
    vrfyDisabled: true,
    forbidUnauthPipelining: true,
    bareNewline: 'reject',
  },
  limits: { ...mxProfile.limits, idleTimeoutMs: 5000 }, // smtpd_timeout = 5s
};

/** port 587: Debian's stock submission service. */
export const submissionProfile: ServerProfile = {
  ...mxProfile,
  id: 'submission',
  role: 'submission',
  port: 587,
  syslogName: 'postfix/submission',
  tls: { offered: true, required: true, implicit: false }, // smtpd_tls_security_level=encrypt
  auth: { ...mxProfile.auth, enabled: true, tlsOnly: true }, // smtpd_tls_auth_only=yes
  restrictions: {
    ...mxProfile.restrictions,
    recipientsNeedAuth: true, // smtpd_recipient_restrictions=permit_sasl_authenticated,reject
    rejectUnlistedRecipient: false, // smtpd_reject_unlisted_recipient=no
  },
};

/** port 465: submissions, TLS from the first byte. */
export const submissionsProfile: ServerProfile = {
  ...submissionProfile,
  id: 'submissions',
  role: 'submissions',
  port: 465,
  syslogName: 'postfix/submissions',
  tls: { offered: true, required: false, implicit: true }, // smtpd_tls_wrappermode=yes
  auth: { ...submissionProfile.auth, tlsOnly: false },
};

export const referenceProfiles: Readonly<Record<string, ServerProfile>> = {
  mx: mxProfile,
  'mx-hardened': mxHardenedProfile,
  submission: submissionProfile,
  submissions: submissionsProfile,
};

export function findProfile(id: string): ServerProfile | undefined {
  return Object.hasOwn(referenceProfiles, id) ? referenceProfiles[id] : undefined;
}
