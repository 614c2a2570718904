import { describe, expect, test } from 'vitest';
import { loadScenarios } from '../adapters/cli/scenario-files.ts';
import { scenarioData } from '../engine/world/scenario.ts';
import { dataOf, draftOf } from './scenario-draft.ts';
import { checkScenario, readScenarioFile, scenarioFile } from './scenario-store.ts';

const scenarios = [...loadScenarios().values()];

describe('the scenario editor', () => {
  test.each(scenarios.map((s) => [s.id, s] as const))(
    '%s goes into the form and comes out the same',
    (_id, s) => {
      const data = scenarioData(s);
      expect(checkScenario(dataOf(draftOf(data)))).toEqual(s);
    },
  );

  test('a field typed wrong is named by the same check the build uses', () => {
    const draft = draftOf(scenarioData(scenarios.find((s) => s.id === 'greylisting')!));
    draft.servers['mx.example.org']!.greylistSeconds = 'five minutes';
    expect(() => checkScenario(dataOf(draft))).toThrow(
      'scenario: servers.mx.example.org.greylistSeconds: must be a whole number, at least 1',
    );
    draft.servers['mx.example.org']!.greylistSeconds = '300';
    draft.rules['datacenter-edge'] = [
      { ports: '25, 99999', action: 'drop', except: '', allowFirst: '2' },
    ];
    expect(() => checkScenario(dataOf(draft))).toThrow(
      'scenario: path.datacenter-edge[0].ports: must be a list of TCP ports',
    );
  });

  test('a throttle keeps its count through the form, and a bad count is named', () => {
    const draft = draftOf(scenarioData(scenarios.find((s) => s.id === 'cloud-vm-throttled-25')!));
    draft.rules['cloud-edge']![0]!.allowFirst = '5';
    expect(checkScenario(dataOf(draft)).rules['cloud-edge']![0]!.action).toEqual({
      kind: 'throttle',
      allowFirst: 5,
    });
    draft.rules['cloud-edge']![0]!.allowFirst = 'many';
    expect(() => checkScenario(dataOf(draft))).toThrow(
      'scenario: path.cloud-edge[0].action: throttle needs a whole number of connections to let through',
    );
  });

  test('accounts and mailboxes go through the form', () => {
    const data = {
      ...scenarioData(scenarios[0]!),
      servers: {
        'smtp.example.net': { accounts: { 'dave@example.net': 'hunter2' } },
        'mx.example.org': { mailboxes: ['dave', 'sales'] },
      },
    };
    const draft = draftOf(data);
    expect(draft.servers['smtp.example.net']!.accounts).toBe('dave@example.net hunter2');
    expect(draft.servers['mx.example.org']!.mailboxes).toBe('dave, sales');
    expect(checkScenario(dataOf(draft))).toEqual(checkScenario(data));
    draft.servers['smtp.example.net']!.accounts = 'dave@example.net';
    expect(() => checkScenario(dataOf(draft))).toThrow(
      /servers\.smtp\.example\.net\.accounts: must map user names to passwords/,
    );
  });

  test('an exported scenario file reads back; other files are refused with a reason', () => {
    const data = scenarioData(scenarios[0]!);
    expect(readScenarioFile(scenarioFile(data))).toEqual(data);
    expect(() => readScenarioFile('nope')).toThrow(/not JSON/);
    expect(() => readScenarioFile('{"kind":"port25-lab-progress"}')).toThrow(
      /not a scenario exported by Port 25 Lab/,
    );
    const broken = scenarioFile({ ...data, from: 'moon' });
    expect(() => readScenarioFile(broken)).toThrow(/This scenario is not valid: from: must be/);
  });
});
