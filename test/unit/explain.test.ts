import { describe, expect, it } from 'vitest';
import { explainReply } from '../../src/engine/smtp/explain.ts';

describe('explainReply', () => {
  it('reads the class, the code, the enhanced code and the advice of a relay refusal', () => {
    const e = explainReply('554 5.7.1 <carol@example.com>: Relay access denied')!;
    expect(e.code).toBe(554);
    expect(e.codeClass).toMatch(/^Permanent Negative Completion/);
    expect(e.enhanced).toEqual({
      code: '5.7.1',
      subject: 'Security or Policy Status',
      detail: 'Delivery not authorized, message refused',
    });
    expect(e.advice).toMatch(/bounces the message to its sender/);
  });

  it('skips the markers tools put in front', () => {
    for (const line of [
      '<** 451 4.7.1 later',
      '<-  451 4.7.1 later',
      '< 451 4.7.1 later',
      'S: 451 4.7.1 later',
    ]) {
      expect(explainReply(line)?.enhanced?.code).toBe('4.7.1');
    }
    expect(explainReply('<~* 535 5.7.8 Error: authentication failed')?.enhanced?.detail).toBe(
      'Authentication credentials invalid (RFC 4954)',
    );
  });

  it('tells a temporary failure to retry, and has no enhanced code where Postfix sends none', () => {
    const e = explainReply(
      '421 4.7.0 mx.example.org Error: too many connections from 203.0.113.10',
    )!;
    expect(e.advice).toMatch(/^Temporary/);
    expect(explainReply('220 mx.example.org ESMTP')!.enhanced).toBeNull();
    expect(explainReply('250-PIPELINING')!.code).toBe(250);
  });

  it('is null for lines that are not replies', () => {
    expect(explainReply('Trying 198.51.100.25...')).toBeNull();
    expect(explainReply('600 nope')).toBeNull();
  });
});
