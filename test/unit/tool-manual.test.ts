// The lab's manual (help <command>, man <command>): a page for every command, the layouts of
// help and man, the refusals in bash's and man-db's words, and a check that keeps each page
// honest: every option a page lists is one the lab's tool really parses.
import { describe, expect, it } from 'vitest';
import { loadScenarios } from '../../src/adapters/cli/scenario-files.ts';
import { COMMAND_NAMES } from '../../src/engine/tools/command-names.ts';
import { parseCurl } from '../../src/engine/tools/curl-options.ts';
import { parseSClient } from '../../src/engine/tools/openssl-options.ts';
import { Shell } from '../../src/engine/tools/shell.ts';
import { parseSwaks } from '../../src/engine/tools/swaks-options.ts';
import { TOOL_MANUAL } from '../../src/engine/tools/tool-manual.ts';
import { parseTraceroute } from '../../src/engine/tools/traceroute-options.ts';
import { referenceWorld } from '../../src/engine/world/reference-world.ts';
import { shellIn } from '../tools/shell-in.ts';

/** What the shell prints for one command line. */
function printed(line: string): string[] {
  const { shell, lines } = shellIn('datacenter-direct');
  shell.run(line);
  return lines();
}

/** The option words of a page's spellings: "-t, --to address" is -t and --to. */
const optionWords = (name: string): string[] =>
  TOOL_MANUAL[name]!.options.flatMap(
    ([spelling]) => spelling.match(/(?<=^|[\s,])(?:--?|\+)[A-Za-z0-9][\w-]*/g) ?? [],
  );

/** Per command, whether its parser takes an option word (it may still want a value). */
const ACCEPTS: Readonly<Record<string, (word: string) => boolean>> = {
  swaks: (word) => {
    const parsed = parseSwaks([word]);
    return !Array.isArray(parsed) || !parsed[0]!.startsWith('Unknown option');
  },
  curl: (word) => {
    // Every real curl option parses; the lab's own are those it does not report as ignored.
    const parsed = parseCurl([word, 'x', 'smtp://mx.example.org']);
    return (
      parsed.kind !== 'error' && (parsed.kind !== 'options' || parsed.options.ignored.length === 0)
    );
  },
  openssl: (word) => {
    const parsed = parseSClient([word]);
    return !('lines' in parsed) || !/Unknown option|not simulated/.test(parsed.lines.join('\n'));
  },
  traceroute: (word) => {
    const parsed = parseTraceroute([word], () => true);
    return parsed.kind === 'trace' || !/Bad option|not simulated/.test(parsed.lines.join('\n'));
  },
  nc: (word) => !printed(`nc ${word}`).join('\n').includes('invalid option'),
  netcat: (word) => !printed(`netcat ${word}`).join('\n').includes('invalid option'),
  dig: (word) =>
    !printed(word === '-x' ? 'dig -x 198.51.100.25' : `dig ${word} MX example.org`)
      .join('\n')
      .includes('Invalid option'),
  host: (word) =>
    !/illegal option|not simulated/.test(printed(`host ${word} txt example.org`).join('\n')),
  // An option nslookup does not know becomes the name it looks up.
  nslookup: (word) => !printed(`nslookup ${word}=MX example.org`).join('\n').includes(`${word}=`),
  history: (word) => !/invalid option|not available/.test(printed(`history ${word}`).join('\n')),
  ls: (word) => !/knows only/.test(printed(`ls ${word}`).join('\n')),
};

describe('the catalogue', () => {
  it('has a page for exactly the commands the shell runs', () => {
    expect(Object.keys(TOOL_MANUAL).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it('gives every page a one-line summary and a synopsis that starts with the command', () => {
    for (const [name, page] of Object.entries(TOOL_MANUAL)) {
      expect(page.summary).not.toMatch(/\n/);
      // netcat is nc under another name, and its synopsis says nc as netcat's own does.
      const shown = name === 'netcat' ? 'nc' : name;
      for (const line of page.synopsis)
        expect(line.startsWith(`${shown} `) || line === shown).toBe(true);
      expect(page.notes.length).toBeLessThanOrEqual(3);
    }
  });

  it.each(Object.keys(TOOL_MANUAL).filter((name) => TOOL_MANUAL[name]!.options.length > 0))(
    'lists for %s only options its parser takes',
    (name) => {
      const accepts = ACCEPTS[name];
      expect(accepts, `no check for ${name}'s options`).toBeDefined();
      const words = optionWords(name);
      expect(words.length).toBeGreaterThan(0);
      expect(words.filter((word) => !accepts!(word))).toEqual([]);
    },
  );

  it('would catch an option the parser does not take', () => {
    expect(ACCEPTS.swaks!('--no-such-option')).toBe(false);
    expect(ACCEPTS.curl!('--cacert')).toBe(false); // real, but not simulated: ignored
    expect(ACCEPTS.openssl!('-cert')).toBe(false);
    expect(ACCEPTS.traceroute!('-I')).toBe(false);
    expect(ACCEPTS.nc!('-l')).toBe(false);
    expect(ACCEPTS.dig!('+trace')).toBe(false);
    expect(ACCEPTS.nslookup!('-timeout')).toBe(false);
  });
});

describe('help <command>', () => {
  it('prints the page: summary, usage, the options the lab simulates, notes', () => {
    const lines = printed('help swaks');
    expect(lines[0]).toBe(`swaks: ${TOOL_MANUAL.swaks!.summary}`);
    expect(lines[1]).toBe('Usage:');
    expect(lines[2]).toBe('  swaks --to address [--server host[:port]] [options]');
    expect(lines).toContain('Options the lab simulates:');
    expect(lines.some((l) => /^ {2}--tlsc, --tls-on-connect +start TLS/.test(l))).toBe(true);
    expect(lines.some((l) => /^ {2}--pipe, --pipeline +send MAIL/.test(l))).toBe(true);
  });

  it('lines the meanings up in one column', () => {
    const lines = printed('help curl');
    const columns = TOOL_MANUAL.curl!.options.map(([spelling, meaning]) => {
      const line = lines.find((l) => l.startsWith(`  ${spelling} `))!;
      return line.indexOf(`  ${meaning}`) + 2;
    });
    expect(new Set(columns).size).toBe(1);
  });

  it("tells how telnet's escape works, and has no options section where none are parsed", () => {
    const lines = printed('help telnet');
    expect(lines.join('\n')).toContain('Ctrl-]');
    expect(lines.join('\n')).toMatch(/telnet> prompt: close or quit/);
    expect(lines).not.toContain('Options the lab simulates:');
  });

  it("refuses an unknown topic in bash's words", () => {
    expect(printed('help nosuch')).toEqual([
      "help: no help topics match 'nosuch'.  Try 'help' for the commands.",
    ]);
    expect(printed('help constructor')).toEqual([
      "help: no help topics match 'constructor'.  Try 'help' for the commands.",
    ]);
  });

  it('without a topic ends the usual list by saying how to read one page', () => {
    const lines = printed('help');
    expect(lines[0]).toBe('Tools (each answers as the real one does), with a command to try:');
    expect(lines.at(-2)).toBe('Ctrl-C stops a running tool.');
    expect(lines.at(-1)).toBe('help <command> (or man <command>) describes one command.');
    expect(lines).toContain(`  ${'man'.padEnd(12)}the manual of one command: man swaks`);
  });
});

describe('man <command>', () => {
  it('lays the page out as man does', () => {
    const lines = printed('man dig');
    expect(lines.slice(0, 7)).toEqual([
      'NAME',
      `       dig - ${TOOL_MANUAL.dig!.summary}`,
      '',
      'SYNOPSIS',
      '       dig [@server] [-p port] [-t type] [+short] name [type]',
      '       dig -x address',
      '',
    ]);
    expect(lines[7]).toBe('OPTIONS');
    expect(lines[8]).toBe('       @server');
    expect(lines[9]).toMatch(/^ {14}\S/);
    expect(lines).toContain('NOTES');
  });

  it('leaves out OPTIONS for a command without any', () => {
    expect(printed('man clear')).toEqual([
      'NAME',
      '       clear - clear the terminal screen',
      '',
      'SYNOPSIS',
      '       clear',
    ]);
  });

  it('answers as man-db when there is no page or no name', () => {
    expect(printed('man nosuch')).toEqual(['No manual entry for nosuch']);
    expect(printed('man')).toEqual([
      'What manual page do you want?',
      "For example, try 'man man'.",
    ]);
  });

  it('prints several pages one after the other', () => {
    const lines = printed('man clear nosuch');
    expect(lines.slice(-2)).toEqual(['', 'No manual entry for nosuch']);
  });

  it('works in every lesson, whatever tools it allows', () => {
    const out: string[] = [];
    const world = referenceWorld(loadScenarios().get('datacenter-direct'));
    const shell = new Shell(world, (o) => void (o.kind === 'line' && out.push(o.text)), 0, {
      tools: ['dig'],
    });
    shell.run('man swaks');
    shell.run('help swaks');
    expect(out[0]).toBe('NAME');
    expect(out.join('\n')).not.toMatch(/not available in this lesson/);
    shell.run('swaks --to bob@example.org');
    expect(out.at(-1)).toBe('bash: swaks: not available in this lesson');
  });
});
