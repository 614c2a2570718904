// A scenario can give servers more mailboxes and more submission accounts (the editor's
// "accounts and mailboxes").
import { expect, test } from 'vitest';
import { Shell } from '../../src/engine/tools/shell.ts';
import { referenceWorld } from '../../src/engine/world/reference-world.ts';
import { parseScenario, ScenarioError } from '../../src/engine/world/scenario.ts';

const data = {
  id: 'team',
  title: 'A team',
  summary: 'Dave has an account at the provider and a mailbox at example.org.',
  from: 'home',
  servers: {
    'smtp.example.net': { accounts: { 'dave@example.net': 'hunter2' } },
    'mx.example.org': { mailboxes: ['dave'] },
  },
};

test('a new account submits, and mail reaches a new mailbox', () => {
  const printed: string[] = [];
  const shell = new Shell(
    referenceWorld(parseScenario(data, 'team.json')),
    (o) => (o.kind === 'line' ? printed.push(o.text) : undefined),
    Date.UTC(2026, 10, 27, 9),
  );
  shell.run(
    'swaks --to dave@example.org --from dave@example.net --server smtp.example.net --port 587 --tls --auth-user dave@example.net --auth-password hunter2',
  );
  expect(printed).toContain('<~  235 2.7.0 Authentication successful');
  shell.run('mailbox dave@example.org');
  expect(printed.some((l) => l.startsWith('Delivered-To: dave@example.org'))).toBe(true);
  shell.run(
    'swaks --to bob@example.org --server smtp.example.net --port 587 --tls --auth-user dave@example.net --auth-password wrong',
  );
  expect(printed).toContain('<~* 535 5.7.8 Error: authentication failed: (reason unavailable)');
});

test('bad accounts or mailboxes are named', () => {
  expect(() =>
    parseScenario(
      { ...data, servers: { 'mx.example.org': { mailboxes: ['no spaces'] } } },
      'team.json',
    ),
  ).toThrow(
    new ScenarioError(
      'team.json',
      'servers.mx.example.org.mailboxes',
      'must be a list of local parts, e.g. ["dave", "sales"]',
    ),
  );
  expect(() =>
    parseScenario(
      { ...data, servers: { 'smtp.example.net': { accounts: { dave: '' } } } },
      'team.json',
    ),
  ).toThrow(/servers\.smtp\.example\.net\.accounts: must map user names to passwords/);
});
