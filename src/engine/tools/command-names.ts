// The names of the shell's commands, on their own so the page can complete them before the
// tools themselves have loaded. test/unit/command-names.test.ts keeps it equal to the shell's.
export const COMMAND_NAMES: readonly string[] = [
  'answer',
  'clear',
  'curl',
  'dig',
  'eavesdrop',
  'echo',
  'help',
  'history',
  'logs',
  'mailbox',
  'man',
  'nc',
  'netcat',
  'nslookup',
  'openssl',
  'sleep',
  'swaks',
  'telnet',
  'traceroute',
];
