// Every file the built page asks for is in the build. A plain static host answers 404 for
// anything else, and a lazy chunk whose preload list names a missing file fails to load (the
// scenario editor did, when the inlined stylesheet was still listed as its dependency).
import { expect, test } from '@playwright/test';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIST = 'dist';
const NAMED_ASSET = /["'(](?:\.\/|\/)?(assets\/[\w.-]+\.(?:js|css|svg|png|woff2?))["')]/g;
const SIBLING_IMPORT = /from\s*"\.\/([\w.-]+\.js)"|import\(\s*"\.\/([\w.-]+\.js)"\s*\)/g;

function namedFiles(): { from: string; file: string }[] {
  const named: { from: string; file: string }[] = [];
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  for (const [, file] of html.matchAll(NAMED_ASSET))
    named.push({ from: 'index.html', file: file! });
  for (const chunk of readdirSync(join(DIST, 'assets')).filter((name) => name.endsWith('.js'))) {
    const code = readFileSync(join(DIST, 'assets', chunk), 'utf8');
    for (const [, file] of code.matchAll(NAMED_ASSET)) named.push({ from: chunk, file: file! });
    for (const [, a, b] of code.matchAll(SIBLING_IMPORT)) {
      named.push({ from: chunk, file: `assets/${a ?? b}` });
    }
  }
  return named;
}

test('every file the built page names is in the build', () => {
  const named = namedFiles();
  expect(named.length).toBeGreaterThan(10);
  const missing = named.filter(({ file }) => !existsSync(join(DIST, file)));
  expect(missing).toEqual([]);
});

test('the lazy scenario editor loads from a plain static host', async ({ page }) => {
  const failed: string[] = [];
  page.on('requestfailed', (request) => failed.push(request.url()));
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  await page.goto('/?scenario=home-isp-blocks-25&trainer&editor');
  await expect(page.getByRole('region', { name: 'Scenario editor' })).toBeVisible();
  expect(failed).toEqual([]);
});
