// Names a learner types are looked up as names, never as JavaScript members (issue 11):
// "valueOf", "__proto__", "constructor" as commands, hosts, domains and options.
import { describe, expect, it } from 'vitest';
import { shellIn } from '../tools/shell-in.ts';

const NAMES = ['valueOf', 'hasOwnProperty', '__proto__', 'constructor', 'toString'];

describe('JavaScript property names typed into the lab', () => {
  it.each(NAMES)('%s as a command is bash\'s "command not found"', (name) => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    shell.run(name);
    expect(lines()).toEqual([`bash: ${name}: command not found`]);
  });

  it.each(NAMES)('dig MX %s: NXDOMAIN, not an exception', (name) => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    shell.run(`dig MX ${name}`);
    expect(lines().join('\n')).toMatch(/status: NXDOMAIN/);
  });

  it.each(['constructor', '__proto__'])('telnet %s 25 cannot resolve it', (name) => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    shell.run(`telnet ${name} 25`);
    expect(lines().at(-1)).toBe(`telnet: could not resolve ${name}/25: Name or service not known`);
  });

  it('mail to bob@constructor bounces instead of staying queued for ever', () => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    shell.run(
      'swaks --to bob@constructor --server smtp.example.net --port 587 --tls --auth-user alice@example.net --auth-password s3cret',
    );
    shell.run('sleep 5');
    shell.run('logs smtp.example.net');
    expect(lines().join('\n')).toMatch(/to=<bob@constructor>.*status=bounced/);
  });

  it('swaks --quit-after constructor is an unknown quit point', () => {
    const { shell, lines } = shellIn('home-isp-blocks-25');
    shell.run('swaks --to bob@example.org --quit-after constructor');
    expect(lines().join('\n')).not.toMatch(/TypeError|undefined/);
  });
});
