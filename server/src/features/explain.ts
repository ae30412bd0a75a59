import type { ValueExplanation } from '../core/model';
import type { VersionScheme } from '../core/scheme';
import { DEFAULT_SETTINGS, type Settings } from '../core/settings';
import { ALL_SCHEMES } from '../schemes';

/** `versionwise explain`: a bare value explained by the named scheme, or by the first scheme that reads it. */
export function explainValue(value: string, options: { scheme?: string; library?: string; settings?: Settings }, schemes: readonly VersionScheme[] = ALL_SCHEMES): ValueExplanation {
  const settings = options.settings ?? DEFAULT_SETTINGS;
  const candidates = options.scheme ? schemes.filter((s) => s.id === options.scheme) : schemes;
  for (const scheme of candidates) {
    const explanation = scheme.explainValue(value, { library: options.library, settings, explicit: Boolean(options.scheme) });
    if (explanation) return explanation;
  }
  if (options.scheme && candidates.length) {
    // The named scheme does not recognise the value at all: still answer in its terms.
    return { scheme: options.scheme, value, valid: false, fields: {}, message: `'${value}' is not a ${candidates[0].displayName} value` };
  }
  return { scheme: options.scheme ?? 'unknown', value, valid: false, fields: {}, message: `'${value}' is not a version Versionwise knows (schemes: ${schemes.map((s) => s.id).join(', ')})` };
}

export function knownSchemeIds(schemes: readonly VersionScheme[] = ALL_SCHEMES): string[] {
  return schemes.map((s) => s.id);
}
