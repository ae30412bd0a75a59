import { CONFIG_RULES } from '../core/projectConfig';
import { ALL_SCHEMES } from '../schemes';

/**
 * Where each rule code is documented: `docs/rules/<scheme>/<rule>.md`, one page per code (what the rule
 * checks and why, an example with the exact message, how to fix and how to silence it), indexed by
 * `docs/rules/README.md`. `RULE_CODES` lists every code a scheme (its `rules`) or the project configuration can emit;
 * test/unit/ruleDocs.test.ts keeps it and the pages in step, and finds codes emitted but not declared.
 * Pure: the paths are workspace-style (`/`), relative to the Versionwise package root; nothing is read.
 */

/** Every rule code Versionwise can emit, sorted: what the schemes declare, and the project configuration's. */
export const RULE_CODES: readonly string[] = Object.freeze(
  [...new Set([...ALL_SCHEMES.flatMap((scheme) => Object.values(scheme.rules)), ...Object.values(CONFIG_RULES)])].sort(),
);

const CODE = /^([a-z][a-z0-9]*)\/([a-z0-9]+(?:-[a-z0-9]+)*)$/;

/**
 * The page documenting a rule code, e.g. `libtool/age-exceeds-current` →
 * `docs/rules/libtool/age-exceeds-current.md`. Only the shape of the code is checked (so that no code can
 * name a path outside `docs/rules/`), not that the rule exists: see `RULE_CODES`.
 */
export function ruleDocPath(code: string): string {
  const match = CODE.exec(code);
  if (!match) throw new Error(`not a rule code: '${code}' (expected <scheme>/<rule>, e.g. libtool/age-exceeds-current)`);
  return `docs/rules/${match[1]}/${match[2]}.md`;
}
