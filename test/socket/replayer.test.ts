// The replayer's own parts: case headers, Python bytes literals and decoding, and a
// comparison that does fail when a reply differs.
import { describe, expect, it } from 'vitest';
import { parseCase } from '../tools/fidelity/case-spec.ts';
import { compareCase } from '../tools/fidelity/compare-case.ts';
import { decodeUtf8Backslash, parseBytesLiteral } from '../tools/fidelity/python-bytes.ts';

describe('fidelity replayer', () => {
  it('reads case headers like capture.py parse_case', () => {
    const spec = parseCase(
      'x',
      'description: a # b\nport: 465\ntls: implicit  # comment\ntimeout: 15\n---\nEHLO a\n\n@READALL 2\n',
    );
    expect(spec.meta).toMatchObject({
      description: 'a # b',
      port: 465,
      tls: 'implicit',
      timeout: 15,
      host: '127.0.0.1',
    });
    expect(spec.script).toEqual(['EHLO a', '', '@READALL 2']);
  });

  it('evaluates Python bytes literals', () => {
    expect([...parseBytesLiteral(String.raw`b'\x16\x03\x01\x00\x05\r\n'`)]).toEqual([
      0x16, 3, 1, 0, 5, 13, 10,
    ]);
    expect(parseBytesLiteral(String.raw`b"a\nb\\c\'"`).toString('latin1')).toBe("a\nb\\c'");
  });

  it('decodes like bytes.decode("utf-8", "backslashreplace")', () => {
    expect(decodeUtf8Backslash(Buffer.from([0x41, 0xff, 0xc3, 0xa9]))).toBe('A\\xffé');
  });

  it('fails a case whose text, code or closer differs, and normalises queue ids', () => {
    const reply = (lines: string[]) => ({
      code: Number(lines[0].slice(0, 3)),
      enhanced: '2.0.0',
      lines,
    });
    const ref = {
      steps: [{ replies: [reply(['250 2.0.0 Ok: queued as 75B43168152'])] }],
      end: { closed_by: 'server' },
    };
    expect(
      compareCase(ref, { ...ref, steps: [{ replies: [reply(['250 2.0.0 Ok: queued as ABC'])] }] })
        .exact,
    ).toBe(true);
    const wrongText = compareCase(ref, { ...ref, steps: [{ replies: [reply(['250 2.0.0 Ok'])] }] });
    expect([wrongText.passed, wrongText.exact]).toEqual([true, false]);
    expect(compareCase(ref, { ...ref, end: { closed_by: 'client' } }).passed).toBe(false);
    expect(compareCase(ref, { steps: [], end: { closed_by: 'server' } }).passed).toBe(false);
  });
});
