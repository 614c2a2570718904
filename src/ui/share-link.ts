// Share links: a URL that opens the same lab elsewhere, offline-capable, with no server.
// `scenario` is a scenario's id, or a changed scenario written out in full:
// "s1.<checksum>.<base64url JSON>"; `run` is a script of command lines, typed in order once the
// lab opens. Only the lab's own simulated commands ever run. A link that was altered, cut short
// or made by hand gets a clear error and the default scenario instead.
import {
  parseScenarioData,
  ScenarioError,
  scenarioData,
  type Scenario,
} from '../engine/world/scenario.ts';

const PREFIX = 's1';
/** Enough for a lesson's solution; a link is not a place for programs. */
export const MAX_RUN_LINES = 60;
const MAX_LINE_LENGTH = 1000;
/** A scenario at SCENARIO_LIMITS, written out, fits in far less; the check comes before any
 * decoding, so a link of megabytes costs nothing. */
export const MAX_SCENARIO_PARAM = 64 * 1024;

/** FNV-1a over the UTF-16 code units: a checksum (not a signature) that tells a link was
 * changed or cut short. */
function checksum(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(
    Uint8Array.from(binary, (c) => c.charCodeAt(0)),
  );
}

export function encodeScenario(scenario: Scenario): string {
  const json = JSON.stringify(scenarioData(scenario));
  return `${PREFIX}.${checksum(json)}.${toBase64Url(json)}`;
}

export function isEncodedScenario(value: string): boolean {
  return value.startsWith(`${PREFIX}.`);
}

/** Reads an encoded scenario; throws an Error saying what is wrong with the link. */
export function decodeScenario(value: string): Scenario {
  if (value.length > MAX_SCENARIO_PARAM)
    throw new Error(
      `the scenario in this link is ${value.length} characters long; a link holds at most ${MAX_SCENARIO_PARAM}.`,
    );
  const [prefix, sum, body, ...rest] = value.split('.');
  if (prefix !== PREFIX || !sum || !body || rest.length > 0)
    throw new Error('the scenario in this link is not in a form the lab knows.');
  let json: string;
  try {
    json = fromBase64Url(body);
  } catch {
    throw new Error('the scenario in this link is damaged (it is not valid base64url text).');
  }
  if (checksum(json) !== sum)
    throw new Error('the scenario in this link was changed or cut short after it was made.');
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new Error('the scenario in this link is damaged (it is not JSON).');
  }
  try {
    return parseScenarioData(data, 'the link');
  } catch (error) {
    if (error instanceof ScenarioError)
      throw new Error(
        `the scenario in this link is not valid: ${error.message.replace(/^the link: /, '')}.`,
        { cause: error },
      );
    throw error;
  }
}

/** The script of a link: its lines, or an Error saying why they will not run. */
export function readRun(value: string | null): string[] {
  if (value === null || value === '') return [];
  if (value.length > MAX_RUN_LINES * (MAX_LINE_LENGTH + 2))
    throw new Error(`the script in this link is ${value.length} characters long; too long to run.`);
  const lines = value.replace(/\r\n?/g, '\n').split('\n');
  if (lines.length > MAX_RUN_LINES)
    throw new Error(
      `the script in this link has ${lines.length} lines; a link runs at most ${MAX_RUN_LINES}.`,
    );
  if (lines.some((line) => line.length > MAX_LINE_LENGTH))
    throw new Error(
      `a line of the script in this link is longer than ${MAX_LINE_LENGTH} characters.`,
    );
  return lines;
}

/** The commands a link made now can carry: all of them, or none and the reason (a link the
 * lab refuses to run would be worse than one without them). */
export function runForLink(typed: readonly string[]): {
  readonly run: readonly string[];
  readonly problem: string | null;
} {
  if (typed.length > MAX_RUN_LINES)
    return {
      run: [],
      problem: `The ${typed.length} lines typed so far are more than a link carries (${MAX_RUN_LINES}): this link opens the scenario without them.`,
    };
  if (typed.some((line) => line.length > MAX_LINE_LENGTH))
    return {
      run: [],
      problem: `A line typed so far is longer than a link carries (${MAX_LINE_LENGTH} characters): this link opens the scenario without the commands.`,
    };
  return { run: typed, problem: null };
}

/** The link to this lab: the scenario by id when it is a file's, else written out in full. */
export function shareUrl(
  page: URL,
  scenario: Scenario,
  fileScenario: boolean,
  run: readonly string[],
): string {
  const url = new URL(page.origin + page.pathname);
  url.searchParams.set('scenario', fileScenario ? scenario.id : encodeScenario(scenario));
  if (run.length > 0) url.searchParams.set('run', run.join('\n'));
  return url.href;
}
