// A strict Content-Security-Policy for the built page (issue 11): the app has no inline
// script, so scripts come from its own origin only; its one inline <style> (inline-stylesheet.ts)
// is allowed by its SHA-256 hash and nothing else inline is; images are its own or data: URLs;
// no <base>, no plugins, no forms sent anywhere, no framing. The meta tag carries what a meta
// tag can; the headers (for `vite preview`, and documented in the README for static hosts)
// add what only a header can: frame-ancestors and X-Content-Type-Options.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

const INLINE_STYLE = /<style>([\s\S]*?)<\/style>/g;

export function policyFor(inlineStyles: readonly string[]): string {
  const hashes = inlineStyles.map(
    (css) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`,
  );
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' ${hashes.join(' ')}`.trim(),
    "img-src 'self' data:",
    "connect-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Headers for servers that can send them (`vite preview` here; see README for others). */
export function securityHeaders(policy: string): Record<string, string> {
  return {
    'Content-Security-Policy': `${policy}; frame-ancestors 'none'`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

export function contentSecurityPolicy(): Plugin {
  let policy = policyFor([]);
  return {
    name: 'port25-content-security-policy',
    enforce: 'post',
    generateBundle: {
      // After inline-stylesheet.ts has put the stylesheet into the page.
      order: 'post',
      handler(_options, bundle) {
        const page = bundle['index.html'];
        if (page?.type !== 'asset' || typeof page.source !== 'string') return;
        const styles = [...page.source.matchAll(INLINE_STYLE)].map((m) => m[1]!);
        policy = policyFor(styles);
        page.source = page.source.replace(
          '<meta charset="UTF-8" />',
          `<meta charset="UTF-8" />\n    <meta http-equiv="Content-Security-Policy" content="${policy}" />`,
        );
      },
    },
    configurePreviewServer(server) {
      // A preview runs without a build: the policy is read back from the built page, again
      // whenever the page is rebuilt under a running preview (a stale hash would block the
      // new stylesheet and show the page unstyled).
      const page = path.join(server.config.root, server.config.build.outDir, 'index.html');
      const meta = /http-equiv="Content-Security-Policy" content="([^"]+)"/;
      let builtAt = -1;
      let headers = securityHeaders(policy);
      const current = () => {
        const mtime = existsSync(page) ? statSync(page).mtimeMs : 0;
        if (mtime !== builtAt) {
          builtAt = mtime;
          const built = mtime > 0 ? meta.exec(readFileSync(page, 'utf8')) : null;
          headers = securityHeaders(built?.[1] ?? policy);
        }
        return headers;
      };
      server.middlewares.use((_req, res, next) => {
        for (const [name, value] of Object.entries(current())) res.setHeader(name, value);
        next();
      });
    },
  };
}
