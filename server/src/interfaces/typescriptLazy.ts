import type * as TypescriptApi from './typescriptApi';

/**
 * The TypeScript API extractor, loaded on first use. It pulls in the TypeScript compiler (about 9 MB of
 * JavaScript, a fifth of a second and ~55 MB to load), which only a package with a TypeScript API and a
 * last release needs. In the shipped bundles it is a file of its own, `dist/typescript-api.js` (its own
 * esbuild entry), so the language server and the CLI neither parse nor hold it until then; run from the
 * compiled sources (the tests), it is the module itself.
 */
let loaded: typeof TypescriptApi | undefined;

/** Module ids kept in variables: esbuild leaves such requires to run time instead of inlining them. */
const BUNDLED = './typescript-api.js';
const SOURCE = './typescriptApi';

export function typescriptApi(): typeof TypescriptApi {
  if (!loaded) {
    try {
      loaded = require(`${__dirname}/${BUNDLED.slice(2)}`) as typeof TypescriptApi;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
      loaded = require(SOURCE) as typeof TypescriptApi;
    }
  }
  return loaded;
}
