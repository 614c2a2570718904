// The path decides: the first hop whose policy stops the SYN, and the trace of the walk.
import { describe, expect, it } from 'vitest';
import { walkPath, type Hop } from '../../src/engine/net/path.ts';
import { connectResult, SYN_GIVE_UP_MS } from '../../src/engine/net/kernel.ts';

const hop = (id: string, rules: Hop['rules'] = []): Hop => ({
  id,
  name: id,
  address: '192.0.2.1',
  rules,
});
const homeIspBlocks25 = [
  hop('laptop'),
  hop('home-router'),
  hop('isp-edge', [{ ports: [25], action: { kind: 'drop' } }]),
  hop('internet'),
  hop('mx-border'),
];

describe('walking the path', () => {
  it('stops at the ISP edge that drops port 25, and says so in the trace', () => {
    const { verdict, events } = walkPath({ hops: homeIspBlocks25, listening: true }, 25);
    expect(verdict).toEqual({ kind: 'unanswered' });
    expect(events.map((e) => `${e.type}@${e.hop}`)).toEqual([
      'tcp.syn@laptop',
      'tcp.syn@home-router',
      'tcp.syn@isp-edge',
      'hop.drop@isp-edge',
    ]);
  });
  it('lets submission on 587 through the same ISP', () => {
    const { verdict, events } = walkPath({ hops: homeIspBlocks25, listening: true }, 587);
    expect(verdict).toEqual({ kind: 'accepted' });
    expect(events.at(-1)).toEqual({ type: 'tcp.established', hop: 'mx-border' });
  });
  it('refuses at the far end when nothing listens', () => {
    expect(walkPath({ hops: [hop('internet')], listening: false }, 25).verdict).toEqual({
      kind: 'reset',
    });
  });
  it('the first matching hop decides', () => {
    const hops = [
      hop('office-firewall', [
        { ports: 'any', action: { kind: 'reject-icmp', type: 'admin-prohibited' } },
      ]),
      hop('isp-edge', [{ ports: [25], action: { kind: 'drop' } }]),
    ];
    expect(walkPath({ hops, listening: true }, 25).verdict).toEqual({
      kind: 'icmp',
      type: 'admin-prohibited',
    });
  });
  it('a throttled cloud lets the first connections through, then drops', () => {
    const hops = [
      hop('cloud-edge', [{ ports: [25], action: { kind: 'throttle', allowFirst: 2 } }]),
    ];
    const verdicts = [0, 1, 2, 3].map(
      (attempt) => walkPath({ hops, listening: true }, 25, attempt).verdict.kind,
    );
    expect(verdicts).toEqual(['accepted', 'accepted', 'unanswered', 'unanswered']);
  });
  it('a black hole lets the handshake through and then nothing', () => {
    const hops = [hop('tarpit', [{ ports: [25], action: { kind: 'blackhole' } }])];
    expect(walkPath({ hops, listening: true }, 25).verdict).toEqual({ kind: 'silent' });
  });
});

describe('what connect() reports', () => {
  it('gives up on an unanswered SYN after the kernel retries, or at the client timeout', () => {
    expect(connectResult({ kind: 'unanswered' }, { blocking: true, timeoutMs: null })).toEqual({
      kind: 'timed-out',
      afterMs: SYN_GIVE_UP_MS,
      by: 'kernel',
    });
    expect(connectResult({ kind: 'unanswered' }, { blocking: false, timeoutMs: 30_000 })).toEqual({
      kind: 'timed-out',
      afterMs: 30_000,
      by: 'client',
    });
    expect(connectResult({ kind: 'unanswered' }, { blocking: false, timeoutMs: 300_000 })).toEqual({
      kind: 'timed-out',
      afterMs: SYN_GIVE_UP_MS,
      by: 'kernel',
    });
  });
});
