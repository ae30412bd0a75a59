/**
 * Which paths are TypeScript/JavaScript code, by name only. Kept apart from typescriptProgram.ts so that
 * code that only looks at names (entry points) does not load the TypeScript compiler.
 */
export const CODE_EXTENSIONS = ['.d.ts', '.d.mts', '.d.cts', '.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'] as const;

export function isCodeFile(path: string): boolean {
  return CODE_EXTENSIONS.some((ext) => path.endsWith(ext));
}

export function isDeclarationFile(path: string): boolean {
  return /\.d\.[mc]?ts$/.test(path);
}
