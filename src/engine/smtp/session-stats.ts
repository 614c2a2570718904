// The per-verb counters smtpd prints on its "disconnect from" line:
// "ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4" (success, or success/total when they differ).
import { KNOWN_VERBS } from './command.ts';

const ORDER = [...KNOWN_VERBS.map((verb) => verb.toLowerCase()), 'unknown'];

export class SessionStats {
  readonly #counts = new Map<string, { ok: number; total: number }>();

  count(verb: string, ok: boolean): void {
    const name = verb.toLowerCase();
    const entry = this.#counts.get(name) ?? { ok: 0, total: 0 };
    entry.total++;
    if (ok) entry.ok++;
    this.#counts.set(name, entry);
  }

  /** " ehlo=1 quit=1 commands=2". */
  summary(): string {
    let text = '';
    let ok = 0;
    let total = 0;
    for (const name of ORDER) {
      const entry = this.#counts.get(name);
      if (!entry) continue;
      text += ` ${name}=${ratio(entry.ok, entry.total)}`;
      ok += entry.ok;
      total += entry.total;
    }
    // Postfix prints "commands=0/0" for a session that never got a command.
    return total === 0 ? ' commands=0/0' : `${text} commands=${ratio(ok, total)}`;
  }
}

const ratio = (ok: number, total: number) => (ok === total ? String(ok) : `${ok}/${total}`);
