// The tools' lines around the replies are explained too, and the transcript offers exactly the
// lines the Explain pane has a note for.
import { describe, expect, it } from 'vitest';
import { explainOutput } from '../../src/engine/tools/explain-output.ts';
import { classifyOutput } from '../../src/ui/shell-lines.ts';
import { shellIn } from '../tools/shell-in.ts';

const LINES = [
  'telnet: Unable to connect to remote host: Connection refused',
  'telnet: Unable to connect to remote host: Connection timed out',
  'telnet: Unable to connect to remote host: No route to host',
  ' 3  * * *',
  ' 2  203.0.113.1 (203.0.113.1)  8.321 ms !X  8.514 ms !X  8.233 ms !X',
  "Escape character is '^]'.",
  'Trying 198.51.100.25...',
  'Connected to mx.example.org.',
  'Connection closed by foreign host.',
];

describe('notes on the lines tools print', () => {
  it.each(LINES)('%s: explained, and offered by the transcript', (line) => {
    expect(explainOutput(line)).not.toBeNull();
    expect(classifyOutput(line).note).toBe(true);
  });

  it('offers no note for ordinary output', () => {
    for (const line of ['Connected.', ';; ANSWER SECTION:', 'mx.example.org has address 1.2.3.4'])
      expect(classifyOutput(line).note).toBeUndefined();
  });

  it("covers the lines the world's own tools print where a connection dies", () => {
    for (const [scenario, command] of [
      ['home-isp-blocks-25', 'telnet mx.example.org 25'],
      ['home-isp-rejects-25', 'telnet mx.example.org 25'],
      ['home-isp-blocks-25', 'traceroute -T -p 25 mx.example.org'],
    ] as const) {
      const { shell, lines } = shellIn(scenario);
      shell.run(command);
      const noted = lines().filter((line) => classifyOutput(line).note);
      expect(noted.length).toBeGreaterThan(0);
      for (const line of noted) expect(explainOutput(line)).not.toBeNull();
    }
  });
});
