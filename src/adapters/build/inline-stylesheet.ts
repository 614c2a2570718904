// The page's one stylesheet goes into index.html itself: the first paint then waits for no
// second request (on a slow mobile link that is a whole round trip before anything shows).
import type { Plugin } from 'vite';

const STYLESHEET_LINK = /<link rel="stylesheet"(?: crossorigin)? href="\/([^"]+\.css)">/g;

export function inlineStylesheet(): Plugin {
  return {
    name: 'port25-inline-stylesheet',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const page = bundle['index.html'];
      if (page?.type !== 'asset' || typeof page.source !== 'string') return;
      page.source = page.source.replace(STYLESHEET_LINK, (link, file: string) => {
        const sheet = bundle[file];
        if (sheet?.type !== 'asset') return link;
        delete bundle[file];
        return `<style>${String(sheet.source)}</style>`;
      });
    },
  };
}
