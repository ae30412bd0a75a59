import type { LibtoolDialect } from '../schemes/libtool/versionInfo';
import type { Severity } from './model';

/**
 * Settings shared by the editor (VS Code settings under `versionwise.*`) and the CLI. Every field has a
 * default, so a partial or missing configuration is always usable.
 */
export interface Settings {
  /** Schemes switched on or off by id (`{"firmware": false}`); a scheme not named is on. */
  readonly schemes: Readonly<Record<string, boolean>>;
  /** Glob patterns of workspace paths never read or reported (`third_party/**`). */
  readonly exclude: readonly string[];
  readonly interfaces: {
    /** Glob patterns of a C library's public headers, instead of the ones Makefile.am installs. */
    readonly headers: readonly string[];
  };
  /** Severity per rule code; `off` silences a rule. */
  readonly severity: Readonly<Record<string, Severity | 'off'>>;
  readonly libtool: {
    /** Which libtool's validation to apply: 2.4 (5-digit REVISION) or 2.6 (19 digits, longer messages). */
    readonly dialect: LibtoolDialect;
  };
  readonly baseline: {
    /** Compare with the last release at all (off in untrusted workspaces: it runs git). */
    readonly enabled: boolean;
    /** The last release, named explicitly (a tag, branch or commit); otherwise the newest release tag. */
    readonly ref?: string;
    /** A regular expression release tags match, instead of the built-in recognition. */
    readonly tagPattern?: string;
  };
  /** The check a release pipeline runs: a version that still needs its bump is an error. */
  readonly release: boolean;
  readonly semver: {
    /** JSDoc tags besides `@internal` that keep a declaration out of a package's public API (`alpha`, `beta`). */
    readonly hiddenTags: readonly string[];
  };
  readonly firmware: {
    /** A linux-firmware checkout to check driver tables against, workspace-relative or absolute; found automatically when unset. */
    readonly tree?: string;
  };
  readonly migration: {
    /** Extra glob patterns of device-migration feature-set description files. */
    readonly files: readonly string[];
  };
}

export const DEFAULT_SETTINGS: Settings = {
  schemes: {},
  exclude: [],
  interfaces: { headers: [] },
  severity: {},
  libtool: { dialect: '2.4' },
  baseline: { enabled: true },
  release: false,
  semver: { hiddenTags: [] },
  firmware: {},
  migration: { files: [] },
};

/** Merges untrusted input (JSON from a settings UI or file) over the defaults, keeping only valid values. */
export function normaliseSettings(input: unknown): Settings {
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const libtool = (typeof raw.libtool === 'object' && raw.libtool !== null ? raw.libtool : {}) as Record<string, unknown>;
  const severity: Record<string, Severity | 'off'> = {};
  if (typeof raw.severity === 'object' && raw.severity !== null) {
    for (const [code, value] of Object.entries(raw.severity as Record<string, unknown>)) {
      if (value === 'error' || value === 'warning' || value === 'information' || value === 'hint' || value === 'off') severity[code] = value;
    }
  }
  const baseline = (typeof raw.baseline === 'object' && raw.baseline !== null ? raw.baseline : {}) as Record<string, unknown>;
  const semverSection = (typeof raw.semver === 'object' && raw.semver !== null ? raw.semver : {}) as Record<string, unknown>;
  const firmware = (typeof raw.firmware === 'object' && raw.firmware !== null ? raw.firmware : {}) as Record<string, unknown>;
  const migration = (typeof raw.migration === 'object' && raw.migration !== null ? raw.migration : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  const schemes: Record<string, boolean> = {};
  if (typeof raw.schemes === 'object' && raw.schemes !== null) {
    for (const [id, enabled] of Object.entries(raw.schemes as Record<string, unknown>)) if (typeof enabled === 'boolean') schemes[id] = enabled;
  }
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '') : []);
  const interfaces = (typeof raw.interfaces === 'object' && raw.interfaces !== null ? raw.interfaces : {}) as Record<string, unknown>;
  return {
    schemes,
    exclude: strings(raw.exclude),
    interfaces: { headers: strings(interfaces.headers) },
    severity,
    libtool: { dialect: libtool.dialect === '2.6' ? '2.6' : '2.4' },
    baseline: { enabled: baseline.enabled !== false, ref: text(baseline.ref), tagPattern: text(baseline.tagPattern) },
    release: raw.release === true,
    semver: { hiddenTags: strings(semverSection.hiddenTags).map((t) => t.replace(/^@/, '').toLowerCase()) },
    firmware: { tree: text(firmware.tree) },
    migration: { files: strings(migration.files) },
  };
}

export function isSchemeEnabled(settings: Settings, id: string): boolean {
  return settings.schemes[id] !== false;
}

/**
 * Editor (or command-line) settings with the project configuration file over them: object sections are
 * merged key by key, so `.versionwise.json` can set `libtool.dialect` without erasing the editor's
 * `baseline.ref`.
 */
export function mergeSettings(base: unknown, override: Readonly<Record<string, unknown>>): unknown {
  const result: Record<string, unknown> = { ...((typeof base === 'object' && base !== null ? base : {}) as Record<string, unknown>) };
  for (const [key, value] of Object.entries(override)) {
    const current = result[key];
    const bothObjects = typeof value === 'object' && value !== null && !Array.isArray(value) && typeof current === 'object' && current !== null && !Array.isArray(current);
    result[key] = bothObjects ? { ...(current as object), ...(value as object) } : value;
  }
  return result;
}
