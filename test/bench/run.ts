// `npm run bench`: prints a table of the engine's figures and writes bench-results/engine.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  bytesPerIdleSession,
  replyLatency,
  sessionsPerSecond,
  type Figure,
} from './engine.bench.ts';

import { allJs, botnetFrameRate, enterToReply, initialJs, longestTasks } from './browser.bench.ts';

const figures: Figure[] = [sessionsPerSecond(), bytesPerIdleSession(), replyLatency()];
// The page: built first (npm run build), then measured in Chromium.
const build = spawnSync('npx', ['vite', 'build'], { stdio: 'ignore' });
if (build.status === 0)
  figures.push(
    initialJs(),
    allJs(),
    await enterToReply(),
    ...(await longestTasks()),
    await botnetFrameRate(),
  );
else console.error('vite build failed: the page figures are missing');
console.table(
  figures.map((f) => ({
    figure: f.name,
    value: `${f.value} ${f.unit}`,
    target: f.target,
    met: f.met ? 'yes' : 'NO',
  })),
);
const out = path.resolve('bench-results/engine.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(
  out,
  JSON.stringify(
    {
      node: process.version,
      cpu: 'one core (single-threaded loop)',
      at: new Date().toISOString(),
      figures,
    },
    null,
    2,
  ),
);
console.log(`written ${out}`);
