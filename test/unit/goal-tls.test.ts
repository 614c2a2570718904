// Goals on TLS: a handshake that failed on a port (tls-failed), and a certificate name check
// the learner asked for (name-checked). Each is met by what the learner made happen only.
import { describe, expect, it } from 'vitest';
import { goalMet } from '../../src/engine/lessons/goals.ts';
import { shellIn } from '../tools/shell-in.ts';

const traceOf = (...commands: string[]) => {
  const { shell } = shellIn('home-isp-blocks-25');
  for (const command of commands) shell.run(command);
  return shell.sim.recorded;
};

const SUBMIT =
  'swaks --to bob@example.org --from alice@example.net --server smtp.example.net --auth-user alice@example.net --auth-password s3cret';

describe('tls-failed', () => {
  const on = (port: number) =>
    ({ kind: 'tls-failed', host: 'smtp.example.net', port, reason: 'WRONG version' }) as const;

  it('is met on 587 by TLS at once, and on 465 by plaintext', () => {
    const tlsFirst = traceOf('openssl s_client -quiet -crlf -connect smtp.example.net:587');
    expect(goalMet(on(587), tlsFirst)).toBe(true);
    expect(goalMet(on(465), tlsFirst)).toBe(false);
    const plaintext = traceOf('telnet smtp.example.net 465', 'EHLO laptop');
    expect(goalMet(on(465), plaintext)).toBe(true);
    expect(goalMet(on(587), plaintext)).toBe(false);
  });

  it('is not met by the right mode on either port, nor by another error', () => {
    const right = traceOf(`${SUBMIT} --port 587 --tls`, `${SUBMIT} --port 465 --tlsc`);
    expect(goalMet(on(587), right)).toBe(false);
    expect(goalMet(on(465), right)).toBe(false);
    const tlsFirst = traceOf('openssl s_client -quiet -crlf -connect smtp.example.net:587');
    expect(goalMet({ ...on(587), reason: 'certificate unknown' }, tlsFirst)).toBe(false);
  });
});

describe('name-checked', () => {
  const CONNECT = 'openssl s_client -quiet -starttls smtp -crlf -connect smtp.example.net:587';
  const goal = { kind: 'name-checked', host: 'smtp.example.net', matches: true } as const;

  it('is met only when a name was checked, and by its verdict', () => {
    expect(goalMet(goal, traceOf(CONNECT, 'QUIT'))).toBe(false);
    expect(goalMet(goal, traceOf(`${CONNECT} -verify_hostname smtp.example.net`, 'QUIT'))).toBe(
      true,
    );
    expect(
      goalMet(
        { ...goal, matches: false },
        traceOf(`${CONNECT} -verify_hostname smtp.example.net`, 'QUIT'),
      ),
    ).toBe(false);
    expect(
      goalMet(
        { ...goal, expected: 'smtp.example.net' },
        traceOf(`${CONNECT} -verify_hostname SMTP.example.net.`, 'QUIT'),
      ),
    ).toBe(true);
  });
});
