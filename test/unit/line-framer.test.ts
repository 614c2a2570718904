// The framer keeps what it holds bounded by line_length_limit and looks at each octet a
// bounded number of times, as Postfix's smtp_get() does (issue 11: a 32 MB line without LF
// took 6 s of CPU and was kept whole).
import { describe, expect, it } from 'vitest';
import { LineFramer } from '../../src/engine/smtp/line-framer.ts';

const LIMIT = 2048;
const CHUNK = 'x'.repeat(64 * 1024);

describe('command lines', () => {
  it('keeps at most line_length_limit octets of a line without LF, however long', () => {
    const framer = new LineFramer();
    let most = 0;
    for (let i = 0; i < 512; i++) {
      // 32 MB in 64 KB reads, the pump asking for a line after each one
      framer.push(CHUNK);
      expect(framer.nextLine(LIMIT)).toBeNull();
      most = Math.max(most, framer.pending);
    }
    expect(most).toBeLessThanOrEqual(LIMIT);
    framer.push('tail\r\nNOOP\r\n');
    expect(framer.nextLine(LIMIT)).toEqual({
      text: 'x'.repeat(LIMIT),
      bareLf: false,
      truncated: true,
    });
    expect(framer.nextLine(LIMIT)).toEqual({ text: 'NOOP', bareLf: false, truncated: false });
  });

  it('holds a skipped line and the next one when several reads come before the pump', () => {
    const framer = new LineFramer();
    framer.push('A'.repeat(LIMIT + 10));
    expect(framer.nextLine(LIMIT)).toBeNull();
    framer.push('rest\nQUIT');
    framer.push('\r\n');
    expect(framer.nextLine(LIMIT)).toMatchObject({ truncated: true, bareLf: true });
    expect(framer.nextLine(LIMIT)).toEqual({ text: 'QUIT', bareLf: false, truncated: false });
  });

  it('sees a CRLF split across reads after a skipped line', () => {
    const framer = new LineFramer();
    framer.push(`${'B'.repeat(LIMIT + 5)}\r`);
    expect(framer.nextLine(LIMIT)).toBeNull();
    framer.push('\n');
    expect(framer.nextLine(LIMIT)).toMatchObject({ truncated: true, bareLf: false });
  });

  it('finds a line end that arrives a byte at a time', () => {
    const framer = new LineFramer();
    for (const c of 'EHLO client.example.net\r\n') {
      expect(framer.pending === 0 || framer.nextLine(LIMIT) === null).toBe(true);
      framer.push(c);
    }
    expect(framer.nextLine(LIMIT)?.text).toBe('EHLO client.example.net');
  });

  it('shows at most what it is asked to of the input waiting', () => {
    const framer = new LineFramer();
    framer.push('y'.repeat(5000));
    expect(framer.peek(100)).toBe('y'.repeat(100));
  });
});

describe('DATA lines', () => {
  it('hands a long line over in line_length_limit pieces (Postfix REC_TYPE_CONT)', () => {
    const framer = new LineFramer();
    framer.push(`${'z'.repeat(5000)}\r\n.\r\n`);
    const pieces = [];
    for (let p = framer.nextBodyPiece(LIMIT); p !== null; p = framer.nextBodyPiece(LIMIT))
      pieces.push([p.text.length, p.ended]);
    expect(pieces).toEqual([
      [2048, false],
      [2048, false],
      [904, true],
      [1, true],
    ]);
  });

  it('never holds more than a piece of a body without LF', () => {
    const framer = new LineFramer();
    let most = 0;
    for (let i = 0; i < 256; i++) {
      framer.push(CHUNK);
      while (framer.nextBodyPiece(LIMIT) !== null);
      most = Math.max(most, framer.pending);
    }
    expect(most).toBeLessThan(LIMIT);
  });

  it('waits for the LF after a CR that falls on the limit', () => {
    const framer = new LineFramer();
    framer.push(`${'w'.repeat(LIMIT - 1)}\r`);
    expect(framer.nextBodyPiece(LIMIT)).toBeNull();
    framer.push('\n');
    expect(framer.nextBodyPiece(LIMIT)).toEqual({
      text: 'w'.repeat(LIMIT - 1),
      ended: true,
      bareLf: false,
    });
  });
});
