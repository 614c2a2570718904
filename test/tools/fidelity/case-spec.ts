// Reads capture/specs/<id>.case: "key: value" headers, a "---" line, then the client script
// (format in shared/fidelity/README.md, parse_case() in capture/capture.py).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface CaseMeta {
  readonly description: string;
  readonly host: string;
  readonly port: number;
  readonly tls: 'none' | 'implicit';
  /** Seconds to wait for one reply (default 10). */
  readonly timeout: number;
  readonly mailbox: boolean;
  /** Racy cases are recorded several times (repeat_outcomes in the case JSON). */
  readonly repeat: number;
}

export interface CaseSpec {
  readonly id: string;
  readonly meta: CaseMeta;
  /** The script lines after "---", verbatim. */
  readonly script: readonly string[];
}

export function parseCase(id: string, content: string): CaseSpec {
  // Python reads the file in text mode: CRLF would arrive as LF.
  const text = content.replace(/\r\n/g, '\n');
  const sep = text.indexOf('\n---\n');
  if (sep < 0) throw new Error(`${id}: missing --- separator`);
  const raw: Record<string, string> = {
    host: '127.0.0.1',
    tls: 'none',
    timeout: '10',
    mailbox: 'no',
    repeat: '1',
  };
  for (const line of text.slice(0, sep).split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    const colon = line.indexOf(':');
    const key = (colon < 0 ? line : line.slice(0, colon)).trim();
    const value = colon < 0 ? '' : line.slice(colon + 1);
    // Inline " #" comments are cut from every header but the description.
    raw[key] = key === 'description' ? value.trim() : value.split(' #')[0].trim();
  }
  const script = text.slice(sep + 5).split('\n');
  if (script.at(-1) === '') script.pop();
  if (raw.tls !== 'none' && raw.tls !== 'implicit')
    throw new Error(`${id}: tls must be none or implicit`);
  return {
    id,
    meta: {
      description: raw.description ?? '',
      host: raw.host,
      port: Number.parseInt(raw.port, 10),
      tls: raw.tls,
      timeout: Number.parseFloat(raw.timeout),
      mailbox: raw.mailbox === 'yes',
      repeat: Number.parseInt(raw.repeat, 10),
    },
    script,
  };
}

export function loadCaseSpecs(dir: string): CaseSpec[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.case'))
    .sort()
    .map((f) => parseCase(f.slice(0, -5), readFileSync(path.join(dir, f), 'utf8')));
}
