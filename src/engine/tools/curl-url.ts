// curl's URLs (curl 7.88.1, lib/urlapi.c as far as this lab needs it): the scheme (guessed
// from the host's name when missing), the host, the port (the scheme's by default), the path,
// and credentials before an "@".

/** The schemes this lab's curl speaks, and their ports. */
export const DEFAULT_PORT: Readonly<Record<string, number>> = { smtp: 25, smtps: 465, http: 80 };

export interface CurlUrl {
  readonly scheme: string;
  readonly host: string;
  readonly port: number;
  /** From the first "/" on ("" when there is none). */
  readonly path: string;
  readonly user: string | null;
}

/** curl's guess for a URL without "scheme://" (lib/urlapi.c): by the host's first label. */
function guessScheme(host: string): string {
  const label = /^(ftp|dict|ldap|imap|smtp|pop3)\./i.exec(host)?.[1];
  return label?.toLowerCase() ?? 'http';
}

/** The URL's parts; null when curl finds it malformed (its error 3). */
export function parseUrl(text: string): CurlUrl | null {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/+(.*)$/.exec(text);
  const rest = m ? m[2]! : text;
  const authority = /^[^/?#]*/.exec(rest)![0];
  const at = authority.lastIndexOf('@');
  const hostPort = authority.slice(at + 1);
  const [host = '', port] = hostPort.split(':') as [string, string | undefined];
  if (host === '') return null;
  const scheme = m ? m[1]!.toLowerCase() : guessScheme(host);
  const portNumber = port === undefined ? (DEFAULT_PORT[scheme] ?? 0) : Number(port);
  if (port !== undefined && (!/^\d+$/.test(port) || portNumber > 65535)) return null;
  return {
    scheme,
    host,
    port: portNumber,
    path: rest.slice(authority.length).replace(/[?#].*$/, ''),
    user: at === -1 ? null : decodeURIComponent(authority.slice(0, at)),
  };
}

/** -T file: a URL without a file part gets the file's name (add_file_name_to_url()). */
export function withFileName(url: CurlUrl, file: string | null): CurlUrl {
  if (file === null || file === '-' || !(url.path === '' || url.path.endsWith('/'))) return url;
  const name = file.slice(file.lastIndexOf('/') + 1);
  return { ...url, path: `${url.path || '/'}${encodeURIComponent(name)}` };
}
