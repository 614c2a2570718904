// A tiny static host for the built page, whose files can be swapped for a newer build while a
// browser has the lab open: how an update reaches an installed app.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain',
};

export class StaticSite {
  #root: string;
  readonly #server: Server;

  private constructor(root: string) {
    this.#root = root;
    this.#server = createServer((request, response) => {
      const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
      const file = path === '/' || !extname(path) ? '/index.html' : path;
      try {
        const body = readFileSync(join(this.#root, file));
        response.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-cache',
        });
        response.end(body);
      } catch {
        response.writeHead(404).end();
      }
    });
  }

  /** Serves a copy of `dist` on a loopback port of its own. */
  static async start(dist: string): Promise<StaticSite> {
    const site = new StaticSite(copy(dist));
    await new Promise<void>((resolve) => site.#server.listen(0, '127.0.0.1', resolve));
    return site;
  }

  get url(): string {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  /**
   * Publishes a newer build: index.html gains a marker and the service worker's precache list
   * gets its new revision, exactly what a rebuild with a changed page produces.
   */
  publishUpdate(marker: string): void {
    const next = copy(this.#root);
    const page = join(next, 'index.html');
    writeFileSync(
      page,
      readFileSync(page, 'utf8').replace(
        '<title>',
        `<meta name="port25-build" content="${marker}" /><title>`,
      ),
    );
    const worker = join(next, 'sw.js');
    const source = readFileSync(worker, 'utf8');
    const updated = source.replace(/(\{url:"index\.html",revision:")[^"]+"/, `$1${marker}"`);
    if (updated === source) throw new Error('sw.js lists no revision for index.html');
    writeFileSync(worker, updated);
    this.#root = next;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.#server.close(resolve));
  }
}

function copy(dir: string): string {
  const target = mkdtempSync(join(tmpdir(), 'port25-site-'));
  cpSync(dir, target, { recursive: true });
  return target;
}
