// curl's command line (curl 7.88.1, src/tool_getparam.c): every option curl knows, so that
// abbreviations ("--mail-f"), "--no-" and the error texts come out as curl's; the ones this
// lab simulates set CurlOptions, the others are accepted and reported as ignored.

export interface CurlOptions {
  urls: string[];
  verbose: boolean;
  /** -s: no progress meter, no error message (-S brings that back), no warnings. */
  silent: boolean;
  showError: boolean;
  progressMeter: boolean;
  /** -k: go on whatever the server's certificate. */
  insecure: boolean;
  /** --ssl: STARTTLS when offered; --ssl-reqd: STARTTLS or fail. */
  ssl: 'none' | 'try' | 'required';
  uploadFile: string | null;
  mailFrom: string | null;
  mailRcpt: string[];
  mailRcptAllowFails: boolean;
  /** -u user[:password]. */
  user: string | null;
  crlf: boolean;
  saslIr: boolean;
  loginOptions: string | null;
  /** Options curl knows that this lab does not simulate, as typed. */
  ignored: string[];
}

export type CurlParse =
  | { readonly kind: 'options'; readonly options: CurlOptions }
  /** --help and --version end the parsing there (PARAM_HELP_REQUESTED and friends). */
  | { readonly kind: 'help' | 'version' }
  /** What curl prints before it exits with status 2. */
  | { readonly kind: 'error'; readonly lines: readonly string[] };

const words = (text: string) => new Set(text.split(' '));

/** Options that take a word after them (ARG_STRING). */
const WITH_ARGUMENT = words(
  'url dns-ipv4-addr dns-ipv6-addr egd-file oauth2-bearer connect-timeout doh-url ciphers ' +
    'dns-interface dns-servers limit-rate rate create-file-mode max-redirs aws-sigv4 interface ' +
    'krb krb4 max-filesize socks5 retry retry-delay retry-max-time ftp-account ftp-method ' +
    'local-port socks4 socks4a ftp-alternative-to-user ftp-ssl-ccc-mode libcurl socks5-hostname ' +
    'keepalive-time noproxy proxy1.0 tftp-blksize mail-from mail-rcpt proto proto-redir resolve ' +
    'delegation mail-auth sasl-authzid socks5-gssapi-service proxy-service-name service-name ' +
    'proto-default expect100-timeout connect-to tls-max happy-eyeballs-timeout-ms tls13-ciphers ' +
    'proxy-tls13-ciphers user-agent cookie alt-svc hsts cookie-jar continue-at data data-raw ' +
    'data-ascii data-binary data-urlencode json url-query referer cert-type key-type pass engine ' +
    'pubkey hostpubmd5 hostpubsha256 tlsuser tlspassword tlsauthtype pinnedpubkey ' +
    'proxy-pinnedpubkey proxy-tlsuser proxy-tlspassword proxy-tlsauthtype proxy-cert-type ' +
    'proxy-key-type proxy-pass proxy-ciphers login-options curves form form-string request-target ' +
    'header proxy-header max-time output-dir ftp-port quote range telnet-option user proxy-user ' +
    'write-out proxy preproxy request speed-limit speed-time time-cond parallel-max',
);

/** Options whose word is a file name (ARG_FILENAME). */
const WITH_FILENAME = words(
  'random-file trace trace-ascii stderr unix-socket abstract-unix-socket dump-header cert ' +
    'cacert key capath crlfile proxy-cert proxy-key proxy-crlfile proxy-cacert proxy-capath ' +
    'etag-save etag-compare config netrc-file output upload-file',
);

/** On/off options, which --no-NAME turns off (ARG_BOOL). */
const BOOLEAN = words(
  'disable-epsv disallow-username-in-url epsv npn alpn compressed tr-encoding digest negotiate ' +
    'ntlm ntlm-wb basic anyauth ftp-create-dirs create-dirs proxy-ntlm crlf haproxy-protocol ' +
    'disable-eprt eprt xattr ftp-ssl ssl ftp-pasv tcp-nodelay proxy-digest proxy-basic ' +
    'retry-connrefused proxy-negotiate form-escape proxy-anyauth trace-time ignore-content-length ' +
    'ftp-skip-pasv-ip ftp-ssl-reqd ssl-reqd sessionid ftp-ssl-control ftp-ssl-ccc raw post301 ' +
    'keepalive post302 socks5-gssapi-nec ftp-pret post303 metalink sasl-ir test-event path-as-is ' +
    'tftp-no-options suppress-connect-headers compressed-ssh retry-all-errors http0.9 append ' +
    'use-ascii ssl-allow-beast ssl-auto-client-cert proxy-ssl-auto-client-cert cert-status ' +
    'doh-cert-status false-start ssl-no-revoke ssl-revoke-best-effort tcp-fastopen ' +
    'proxy-ssl-allow-beast proxy-insecure socks5-basic socks5-gssapi fail fail-early ' +
    'styled-output mail-rcpt-allowfails fail-with-body remove-on-error globoff get help include ' +
    'head junk-session-cookies remote-header-name insecure doh-insecure list-only location ' +
    'location-trusted manual netrc netrc-optional buffer remote-name remote-name-all clobber ' +
    'proxytunnel disable remote-time silent show-error verbose version parallel ' +
    'parallel-immediate progress-bar progress-meter',
);

/** Options without a word that cannot be turned off (ARG_NONE). */
const FLAG = words(
  'http1.0 http1.1 http2 http2-prior-knowledge http3 http3-only tlsv1 tlsv1.0 tlsv1.1 tlsv1.2 ' +
    'tlsv1.3 sslv2 sslv3 ipv4 ipv6 proxy-tlsv1 next',
);

/** The one-letter options and their long names. */
const SHORT: ReadonlyMap<string, string> = new Map(
  (
    '0http1.0 1tlsv1 2sslv2 3sslv3 4ipv4 6ipv6 aappend Auser-agent bcookie Buse-ascii ccookie-jar ' +
    'Ccontinue-at ddata Ddump-header ereferer Ecert ffail Fform ggloboff Gget hhelp Hheader ' +
    'iinclude Ihead jjunk-session-cookies Jremote-header-name kinsecure Kconfig llist-only ' +
    'Llocation mmax-time Mmanual nnetrc Nbuffer ooutput Oremote-name pproxytunnel Pftp-port ' +
    'qdisable Qquote rrange Rremote-time ssilent Sshow-error ttelnet-option Tupload-file uuser ' +
    'Uproxy-user vverbose Vversion wwrite-out xproxy Xrequest Yspeed-limit yspeed-time ztime-cond ' +
    'Zparallel #progress-bar :next'
  )
    .split(' ')
    .map((entry) => [entry[0]!, entry.slice(1)] as const),
);

const LONG_NAMES = [...WITH_ARGUMENT, ...WITH_FILENAME, ...BOOLEAN, ...FLAG];

type Setter = (o: CurlOptions, value: string, on: boolean) => void;

/** What this lab simulates, by long name (curl's aliases share a setter). */
const SIMULATED: Readonly<Record<string, Setter>> = {
  url: (o, v) => void o.urls.push(v),
  verbose: (o, _, on) => void (o.verbose = on),
  silent: (o, _, on) => void (o.silent = on),
  'show-error': (o, _, on) => void (o.showError = on),
  'progress-meter': (o, _, on) => void (o.progressMeter = on),
  insecure: (o, _, on) => void (o.insecure = on),
  ssl: (o, _, on) => void (o.ssl = on ? 'try' : 'none'),
  'ftp-ssl': (o, _, on) => void (o.ssl = on ? 'try' : 'none'),
  'ssl-reqd': (o, _, on) => void (o.ssl = on ? 'required' : 'none'),
  'ftp-ssl-reqd': (o, _, on) => void (o.ssl = on ? 'required' : 'none'),
  'upload-file': (o, v) => void (o.uploadFile = v),
  'mail-from': (o, v) => void (o.mailFrom = v),
  'mail-rcpt': (o, v) => void o.mailRcpt.push(v),
  'mail-rcpt-allowfails': (o, _, on) => void (o.mailRcptAllowFails = on),
  user: (o, v) => void (o.user = v),
  crlf: (o, _, on) => void (o.crlf = on),
  'sasl-ir': (o, _, on) => void (o.saslIr = on),
  'login-options': (o, v) => void (o.loginOptions = v),
};

const TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information";

/** param2text(): why an option was refused. */
const REASONS = {
  unknown: 'is unknown',
  ambiguous: 'is ambiguous',
  needsValue: 'requires parameter',
  noPrefix: "the given option can't be reversed with a --no- prefix",
  notBoolean: "used '--no-' for option that isn't a boolean",
} as const;

/** The long name a word names ("--mail-f" is --mail-from), or why none. */
function longName(word: string): { name: string } | { error: keyof typeof REASONS } {
  if (LONG_NAMES.includes(word)) return { name: word };
  const hits = LONG_NAMES.filter((name) => name.startsWith(word));
  if (hits.length > 1) return { error: 'ambiguous' };
  return hits.length === 1 ? { name: hits[0]! } : { error: 'unknown' };
}

const takesValue = (name: string) => WITH_ARGUMENT.has(name) || WITH_FILENAME.has(name);

export function defaultOptions(): CurlOptions {
  return {
    urls: [],
    verbose: false,
    silent: false,
    showError: false,
    progressMeter: true,
    insecure: false,
    ssl: 'none',
    uploadFile: null,
    mailFrom: null,
    mailRcpt: [],
    mailRcptAllowFails: false,
    user: null,
    crlf: false,
    saslIr: false,
    loginOptions: null,
    ignored: [],
  };
}

/** curl's parse_args(): options and URLs, or the lines of its complaint. */
export function parseCurl(args: readonly string[]): CurlParse {
  const o = defaultOptions();
  const refuse = (word: string, reason: keyof typeof REASONS): CurlParse => ({
    kind: 'error',
    lines: [`curl: option ${word}: ${REASONS[reason]}`, TRY_HELP],
  });
  const apply = (name: string, value: string, on: boolean, typed: string): CurlParse | null => {
    if (on && (name === 'help' || name === 'version')) return { kind: name };
    const set = SIMULATED[name];
    if (set) set(o, value, on);
    else o.ignored.push(typed);
    return null;
  };
  let flags = true;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (!flags || !word.startsWith('-')) {
      o.urls.push(word);
      continue;
    }
    if (word === '--') {
      flags = false;
      continue;
    }
    if (word.startsWith('--')) {
      const on = !word.startsWith('--no-');
      const found = longName(on ? word.slice(2) : word.slice(5));
      if ('error' in found) return refuse(word, found.error);
      const { name } = found;
      if (!on && takesValue(name)) return refuse(word, 'notBoolean');
      if (!on && FLAG.has(name)) return refuse(word, 'noPrefix');
      if (takesValue(name)) {
        const value = args[i + 1];
        if (value === undefined) return refuse(word, 'needsValue');
        i++;
        const stop = apply(name, value, true, `--${name}`);
        if (stop) return stop;
      } else {
        const stop = apply(name, '', on, `--${name}`);
        if (stop) return stop;
      }
      continue;
    }
    // One dash: letters in a row ("-sSv"); one taking a value ends the row ("-Tfile", "-T file").
    if (word === '-') return refuse(word, 'unknown');
    for (let at = 1; at < word.length; at++) {
      const name = SHORT.get(word[at]!);
      if (name === undefined) return refuse(word, 'unknown');
      if (!takesValue(name)) {
        const stop = apply(name, '', true, `-${word[at]}`);
        if (stop) return stop;
        continue;
      }
      const attached = word.slice(at + 1);
      const value = attached !== '' ? attached : args[i + 1];
      if (value === undefined) return refuse(word, 'needsValue');
      if (attached === '') i++;
      apply(name, value, true, `-${word[at]}`);
      break;
    }
  }
  if (o.urls.length === 0) {
    return { kind: 'error', lines: ['curl: no URL specified!', TRY_HELP] };
  }
  return { kind: 'options', options: o };
}
