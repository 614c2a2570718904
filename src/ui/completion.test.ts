import { describe, expect, it } from 'vitest';
import { complete } from './completion.ts';

const sources = {
  commands: ['curl', 'dig', 'echo', 'help', 'history', 'nc', 'swaks', 'telnet', 'traceroute'],
  hosts: ['mx.example.org', 'smtp.example.net', 'example.org', 'example.net'],
  inSession: false,
};

describe('Tab completion', () => {
  it('completes a command, or lists the choices', () => {
    expect(complete('tel', sources)).toEqual({ line: 'telnet ', choices: [] });
    expect(complete('h', sources)).toEqual({ line: 'h', choices: ['help', 'history'] });
    expect(complete('hi', sources)).toEqual({ line: 'history ', choices: [] });
  });

  it('completes host names and the domain of an address', () => {
    expect(complete('telnet mx', sources)).toEqual({ line: 'telnet mx.example.org ', choices: [] });
    expect(complete('swaks --to bob@example.o', sources).line).toBe('swaks --to bob@example.org ');
    expect(complete('dig MX ex', sources)).toEqual({
      line: 'dig MX example.',
      choices: ['example.org', 'example.net'],
    });
  });

  it("completes a tool's flags", () => {
    expect(complete('swaks --auth-p', sources).line).toBe('swaks --auth-password ');
    expect(complete('curl --ssl-r', sources).line).toBe('curl --ssl-reqd ');
    expect(complete('swaks --zz', sources)).toEqual({ line: 'swaks --zz', choices: [] });
  });

  it('completes SMTP verbs inside a session', () => {
    const session = { ...sources, inSession: true };
    expect(complete('ma', session).line).toBe('MAIL FROM:<');
    expect(complete('STA', session).line).toBe('STARTTLS');
    expect(complete('R', session).choices).toEqual(['RCPT TO:<', 'RSET']);
  });

  it("completes a command's own words: eavesdrop the hops, logs the servers it reads", () => {
    const args = {
      eavesdrop: ['isp-edge', 'internet', 'home-router'],
      logs: ['mx.example.org', 'smtp.example.net', 'firewall'],
    };
    const own = { ...sources, args };
    expect(complete('eavesdrop i', own)).toEqual({
      line: 'eavesdrop i',
      choices: ['isp-edge', 'internet'],
    });
    expect(complete('eavesdrop is', own).line).toBe('eavesdrop isp-edge ');
    expect(complete('logs ', own).choices).toEqual(args.logs);
    expect(complete('logs e', own).choices).toEqual([]); // not example.org: logs refuses it
  });
});
