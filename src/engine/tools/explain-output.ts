// What the tools' own lines mean, for the Explain pane: where a connection died and why, and
// what telnet's and traceroute's terse marks say. Server replies are explained by
// src/engine/smtp/explain.ts; these are the lines around them.

export interface OutputNote {
  /** What the line tells, in a sentence. */
  readonly meaning: string;
  /** What to do or try next. */
  readonly advice: string;
  readonly references: readonly string[];
}

const NOTES: readonly (readonly [RegExp, OutputNote])[] = [
  [
    /Connection refused/,
    {
      meaning:
        "A TCP reset answered the SYN: nothing listens on that port, or a box on the path sent the reset in the host's name (some ISPs refuse port 25 this way)",
      advice:
        'traceroute -T -p <port> <host> shows which hop answers: the host itself, many hops away, or an edge close to you',
      references: ['RFC 9293 §3.10.7.1 (a SYN to a closed port is answered with RST)'],
    },
  ],
  [
    /Connection timed out/,
    {
      meaning:
        'Nothing ever answered the SYN: the kernel sent it again with a growing wait (Linux: tcp_syn_retries = 6, about 127 s in all) and gave up. A firewall dropped the packets without a word',
      advice:
        "A silent drop is typical of an ISP or cloud blocking outbound port 25. Try the provider's submission port, 587 or 465, with AUTH",
      references: ['RFC 6298 §5 (retransmission timer)', 'tcp(7): tcp_syn_retries'],
    },
  ],
  [
    /No route to host/,
    {
      meaning:
        'An ICMP "destination unreachable" came back (host unreachable, or communication administratively prohibited): a router or firewall on the way refused the connection',
      advice: 'traceroute -T -p <port> <host> finds the hop that sends it (marked !H or !X)',
      references: ['RFC 792 (ICMP type 3)', 'RFC 1812 §5.2.7.1'],
    },
  ],
  [
    /^\s*\d+\s+(\* ?){2,}\*?\s*$/,
    {
      meaning:
        'No answer to any probe with this TTL within the wait: the hop dropped them, or is not allowed to answer',
      advice:
        'When every later line is stars too, the probes die here: the hop before the first stars is the last that let them through',
      references: ['traceroute(8)'],
    },
  ],
  [
    /!X/,
    {
      meaning:
        '!X: an ICMP "communication administratively prohibited" came back from this hop: a firewall refused the probe',
      advice: 'The hop that prints !X is the one blocking the port',
      references: ['RFC 1812 §5.2.7.1 (ICMP type 3, code 13)', 'traceroute(8)'],
    },
  ],
  [
    /!H/,
    {
      meaning: '!H: an ICMP "host unreachable" came back from this hop',
      advice: 'A router cannot reach the host, or a firewall says so in ICMP',
      references: ['RFC 792 (ICMP type 3, code 1)', 'traceroute(8)'],
    },
  ],
  [
    /^Escape character is '\^]'\.$/,
    {
      meaning:
        "telnet's escape key: Ctrl-] stops sending your lines to the server and opens the telnet> prompt",
      advice:
        'At telnet>, close or quit ends the connection; an empty line goes back to the session',
      references: ['telnet(1)'],
    },
  ],
  [
    /^Trying [\d.]+\.\.\.$/,
    {
      meaning:
        'telnet has the address (from DNS) and has sent its SYN; the next line says whether the handshake completed',
      advice: 'If nothing follows for long, the SYN is being dropped on the way',
      references: ['RFC 9293 §3.5 (the three-way handshake)'],
    },
  ],
  [
    /^Connected to /,
    {
      meaning: 'The TCP handshake completed: the port is open all the way to the server',
      advice: 'Wait for the 220 greeting before you type (RFC 5321 §3.1)',
      references: ['RFC 9293 §3.5'],
    },
  ],
  [
    /^Connection closed by foreign host\.$/,
    {
      meaning: 'The server closed the connection (after its 221 to QUIT, or after a 421)',
      advice: 'Read the reply just above: it says why',
      references: ['RFC 5321 §4.1.1.10, §3.8'],
    },
  ],
];

/** The note for a line a tool printed, or null. */
export function explainOutput(line: string): OutputNote | null {
  return NOTES.find(([pattern]) => pattern.test(line))?.[1] ?? null;
}
