// The page's one stylesheet goes into index.html itself: the first paint then waits for no
// second request (on a slow mobile link that is a whole round trip before anything shows).
// A lazy chunk that shares code with the entry would otherwise list the entry's stylesheet
// among its preload dependencies: the file is gone, the static host answers 404 (or its
// index.html), and the import fails. Once inlined, no chunk imports the sheet any more.
import type { Plugin, Rollup } from 'vite';

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
        forgetImportedStylesheet(bundle, file);
        return `<style>${String(sheet.source)}</style>`;
      });
    },
  };
}

function forgetImportedStylesheet(bundle: Rollup.OutputBundle, file: string): void {
  for (const output of Object.values(bundle)) {
    if (output.type === 'chunk') output.viteMetadata?.importedCss.delete(file);
  }
}
