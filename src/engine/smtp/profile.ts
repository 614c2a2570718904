// A server profile is a set of independent knobs, each named after the Postfix parameter
// it models. Scenarios, trainers and lessons turn them; no code path checks a profile's id.

export type RelayVerdict = 'reject' | 'defer';

export interface ServerProfile {
  readonly id: string;
  /** What the TCP listener and the simulated network call this service. */
  readonly role: 'mx' | 'submission' | 'submissions';
  readonly port: number;
  /** syslog_name ("postfix", "postfix/submission"); smtpd logs as "<syslog_name>/smtpd". */
  readonly syslogName: string;
  /** myhostname */
  readonly hostname: string;
  /** smtpd_banner, after $myhostname expansion is applied by the engine. */
  readonly banner: string;
  /** mydestination: domains delivered locally (case-insensitive). */
  readonly localDomains: readonly string[];
  /** local_recipient_maps: local parts that exist (bob, postmaster, system accounts). */
  readonly mailboxes: readonly string[];

  readonly tls: {
    /** smtpd_tls_security_level=may|encrypt: STARTTLS is advertised and accepted. */
    readonly offered: boolean;
    /** smtpd_tls_security_level=encrypt: 530 5.7.0 before STARTTLS for most commands. */
    readonly required: boolean;
    /** smtpd_tls_wrappermode=yes: TLS from the first byte (port 465). */
    readonly implicit: boolean;
    /** smtpd_tls_cert_file: the name its certificate is issued for (subject CN and the one
     * subjectAltName, self-signed like the recorded one). Absent: myhostname, as on every
     * server of the world and the recorded one. */
    readonly certificateName?: string;
  };

  readonly auth: {
    /** smtpd_sasl_auth_enable */
    readonly enabled: boolean;
    /** smtpd_tls_auth_only: AUTH is offered and accepted only inside TLS. */
    readonly tlsOnly: boolean;
    /** Mechanisms offered, in the order Postfix lists them ("AUTH PLAIN LOGIN"). */
    readonly mechanisms: readonly string[];
    /** The SASL backend's accounts: user name -> password. */
    readonly accounts: Readonly<Record<string, string>>;
    /** Dovecot auth_failure_delay: how long a failed AUTH waits before its 535. */
    readonly failureDelayMs: number;
  };

  readonly restrictions: {
    /** smtpd_helo_required */
    readonly heloRequired: boolean;
    /** reject_invalid_helo_hostname (applied at RCPT, as smtpd_helo_restrictions are by default). */
    readonly rejectInvalidHelo: boolean;
    /** reject_non_fqdn_helo_hostname */
    readonly rejectNonFqdnHelo: boolean;
    /** mynetworks with permit_mynetworks: client addresses allowed to relay (an office's
     * smarthost trusts its office's address). */
    readonly mynetworks: readonly string[];
    /** reject_unauth_destination (554) or defer_unauth_destination (454). */
    readonly unauthDestination: RelayVerdict;
    /** smtpd_recipient_restrictions = permit_sasl_authenticated, reject (the submission ports):
     * every recipient, local ones too, needs AUTH. */
    readonly recipientsNeedAuth: boolean;
    /** smtpd_reject_unlisted_recipient: unknown local users get 550 5.1.1 at RCPT. */
    readonly rejectUnlistedRecipient: boolean;
    /** strict_rfc821_envelopes */
    readonly strictEnvelopes: boolean;
    /** disable_vrfy_command */
    readonly vrfyDisabled: boolean;
    /** smtpd_forbid_unauth_pipelining */
    readonly forbidUnauthPipelining: boolean;
    /** smtpd_forbid_bare_newline: 'no' accepts a bare LF as a line end, 'reject' refuses it. */
    readonly bareNewline: 'accept' | 'reject';
    /** Client addresses refused at connect (smtpd_client_restrictions check_client_access). */
    readonly blockedClients: readonly string[];
    /** smtpd_sender_restrictions = reject_sender_login_mismatch with smtpd_sender_login_maps
     * (policy/sender.ts): lookup key (an address, a local part, or "@domain", lower case) ->
     * the SASL logins that own it. null: no sender restriction. */
    readonly senderLoginMaps: Readonly<Record<string, readonly string[]>> | null;
    /** reject_rbl_client <zone>: the DNS blocklist consulted at RCPT, and the addresses it
     * lists with the TXT reason it gives (null: listed without one). */
    readonly dnsbl: {
      readonly zone: string;
      readonly listed: Readonly<Record<string, string | null>>;
    } | null;
    /** check_policy_service unix:postgrey/socket: Debian's postgrey 1.37 (policy/postgrey.ts)
     * with this --delay. A new client-subnet/sender/recipient triplet is deferred (450 4.2.0
     * ... Greylisted, see http://postgrey.schweikert.ch/help/<domain>.html) until this long
     * after it was first seen; null: no policy service. */
    readonly greylistDelayMs: number | null;
  };

  readonly limits: {
    /** message_size_limit (bytes) */
    readonly messageSize: number;
    /** line_length_limit (bytes): longer command lines are truncated. */
    readonly lineLength: number;
    /** smtpd_recipient_limit */
    readonly recipients: number;
    /** smtpd_soft_error_limit: from this many errors on, every reply waits errorSleepMs. */
    readonly softErrors: number;
    /** smtpd_hard_error_limit: this many errors and the next one gets 421 and a close. */
    readonly hardErrors: number;
    /** smtpd_error_sleep_time */
    readonly errorSleepMs: number;
    /** smtpd_junk_command_limit: HELO, EHLO, RSET, NOOP, VRFY and ETRN past this many count
     * as errors (so 10,000 pipelined NOOPs end in 421 too many errors). */
    readonly junkCommands: number;
    /** smtpd_timeout */
    readonly idleTimeoutMs: number;
    /** smtpd_starttls_timeout: how long a TLS handshake may take (not smtpd_timeout: a
     * hardened port with smtpd_timeout=5s still waits 300 s for a stalled handshake). */
    readonly starttlsTimeoutMs: number;
    /** smtpd_client_connection_rate_limit: connections per client per anvil_rate_time_unit
     * (60 s); more get 421 instead of the banner. 0: no limit. */
    readonly connectionRate: number;
  };
}

/** A profile with some knobs turned, the rest kept (deep for the nested groups). */
export type ProfileOverrides = {
  readonly [K in keyof ServerProfile]?: ServerProfile[K] extends readonly unknown[]
    ? ServerProfile[K]
    : ServerProfile[K] extends object
      ? Partial<ServerProfile[K]>
      : ServerProfile[K];
};

export function withOverrides(base: ServerProfile, overrides: ProfileOverrides): ServerProfile {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = (base as unknown as Record<string, unknown>)[key];
    merged[key] =
      value !== null && typeof value === 'object' && !Array.isArray(value)
        ? { ...(current as object), ...value }
        : value;
  }
  return merged as unknown as ServerProfile;
}
