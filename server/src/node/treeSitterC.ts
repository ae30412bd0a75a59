import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CParser } from '../interfaces/cHeaders';
// `import = require` (not `import`): bundlers then pick the package's CommonJS build, whose wasm loading
// works inside a CommonJS bundle; its ESM build needs import.meta.url.
import TreeSitter = require('web-tree-sitter');

/**
 * The C parser: web-tree-sitter with the grammar the tree-sitter-c package ships as WebAssembly. The
 * .wasm files are looked up next to the running bundle (dist/, where the build copies them) and then in
 * node_modules, so the same code runs bundled and from the compiled tests.
 */
let loading: Promise<CParser> | undefined;

/** How long one header may take to parse. Real headers take milliseconds. */
const PARSE_DEADLINE_MS = 2_000;

function locate(file: string, packageName: string): string {
  const besideBundle = path.join(__dirname, file);
  if (fs.existsSync(besideBundle)) return besideBundle;
  return require.resolve(`${packageName}/${file}`);
}

export function loadCParser(): Promise<CParser> {
  loading ??= (async () => {
    await TreeSitter.Parser.init({ locateFile: () => locate('web-tree-sitter.wasm', 'web-tree-sitter') });
    const language = await TreeSitter.Language.load(fs.readFileSync(locate('tree-sitter-c.wasm', 'tree-sitter-c')));
    const parser = new TreeSitter.Parser();
    parser.setLanguage(language);
    return {
      // tree-sitter-c's error recovery can be super-linear on garbage (a megabyte of `a(`): a header that
      // takes longer than this is given up on (no tree), so a hostile file cannot stall an analysis.
      parse: (text: string) => {
        const deadline = Date.now() + PARSE_DEADLINE_MS;
        parser.reset();
        return parser.parse(text, null, { progressCallback: () => (Date.now() > deadline) as unknown as void });
      },
    };
  })();
  return loading;
}
