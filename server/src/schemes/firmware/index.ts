import type { ValueExplanation } from '../../core/model';
import type { AnalysisInput, ExplainOptions, SchemeResult, VersionScheme } from '../../core/scheme';
import { DRIVER_BASENAMES, DRIVER_NAMES, findDriverRequests, isDriverSource, type DriverRequest } from './drivers';
import { explainFirmwareValue } from './explain';
import { Reporter } from './report';
import { checkRequests } from './requestRules';
import { discoverTrees, isWhencePath } from './tree';
import { checkTree, indexTree } from './treeRules';

import { RULES } from './report';
export { RULES } from './report';
export { FAMILIES, parseFirmwareName } from './names';

/**
 * The firmware scheme: Intel GPU firmware names (linux-firmware `i915/`, `xe/`) wherever they live — files
 * of a firmware tree (by name only: a `.bin` is never read), linux-firmware's WHENCE, and the tables of the
 * i915 and xe drivers — checked against the name families (names.ts), WHENCE, each other, and the drivers'
 * version rules. Steps: find (tree.ts, whence.ts, drivers.ts) → parse (names.ts) → validate (treeRules.ts,
 * requestRules.ts) → explain (explain.ts) → next versions (nextNames.ts).
 */
export const firmwareScheme: VersionScheme = {
  id: 'firmware',
  displayName: 'Intel GPU firmware names',
  rules: RULES,
  candidateNames: { names: ['WHENCE', ...DRIVER_BASENAMES], pattern: DRIVER_NAMES },

  isCandidate(path: string): boolean {
    // Only text: WHENCE and the driver sources. Firmware files are listed, never read.
    return isWhencePath(path) || isDriverSource(path);
  },

  analyze(input: AnalysisInput): SchemeResult {
    const discovery = discoverTrees(input.sources, input.settings.firmware.tree);
    const reporter = new Reporter(input);
    const indexes = discovery.trees.map(indexTree);
    for (const index of indexes) checkTree(index, reporter);
    const requests: DriverRequest[] = [];
    for (const [path, text] of input.sources.texts) if (isDriverSource(path)) requests.push(...findDriverRequests(path, text));
    const reference = indexes.find((i) => i.tree === discovery.reference);
    checkRequests(requests, reference, reporter);
    const notes = [...discovery.notes];
    if (requests.length && !reference) notes.push('Firmware requests in the driver sources were not checked against a firmware tree: none is in the workspace (a folder with i915/ or xe/ .bin files, such as a linux-firmware checkout); set firmware.tree to a workspace folder.');
    return { declarations: reporter.declarations, findings: reporter.findings, wantedFiles: [], notes };
  },

  explainValue(value: string, options: ExplainOptions): ValueExplanation | undefined {
    return explainFirmwareValue(value, options);
  },
};
