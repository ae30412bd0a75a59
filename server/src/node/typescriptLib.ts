import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LibReader } from '../interfaces/typescriptApi';

/**
 * TypeScript's standard library declarations (lib.es2023.d.ts and the files it references), for the
 * TypeScript API extractor. They are looked up next to the bundle (dist/typescript-lib/, where the build
 * copies them) and then in the typescript package. One reader for the whole process: the extractor caches
 * the parsed libs per reader.
 */
let directory: string | undefined;
const cache = new Map<string, string | undefined>();

function libDirectory(): string | undefined {
  if (directory !== undefined) return directory || undefined;
  const candidates = [path.join(__dirname, 'typescript-lib')];
  try {
    candidates.push(path.dirname(require.resolve('typescript/lib/lib.d.ts')));
  } catch {
    // not installed: only the bundled copy can serve
  }
  directory = candidates.find((d) => fs.existsSync(path.join(d, 'lib.es5.d.ts'))) ?? '';
  return directory || undefined;
}

export const readTypescriptLib: LibReader = (fileName) => {
  if (cache.has(fileName)) return cache.get(fileName);
  const dir = libDirectory();
  let text: string | undefined;
  if (dir && /^lib(\.[a-z0-9.]+)?\.d\.ts$/i.test(fileName)) {
    try {
      text = fs.readFileSync(path.join(dir, fileName), 'utf8');
    } catch {
      text = undefined;
    }
  }
  cache.set(fileName, text);
  return text;
};
