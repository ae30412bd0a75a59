import type { LibtoolDialect } from '../schemes/libtool/versionInfo';
import type { Severity } from './model';

/**
 * Settings shared by the editor (VS Code settings under `versionwise.*`) and the CLI. Every field has a
 * default, so a partial or missing configuration is always usable.
 */
export interface Settings {
  /** Schemes switched off by the user, by id. */
  readonly disabledSchemes: readonly string[];
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
  disabledSchemes: [],
  severity: {},
  libtool: { dialect: '2.4' },
  baseline: { enabled: true },
  release: false,
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
  const firmware = (typeof raw.firmware === 'object' && raw.firmware !== null ? raw.firmware : {}) as Record<string, unknown>;
  const migration = (typeof raw.migration === 'object' && raw.migration !== null ? raw.migration : {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
  return {
    disabledSchemes: Array.isArray(raw.disabledSchemes) ? raw.disabledSchemes.filter((s): s is string => typeof s === 'string') : [],
    severity,
    libtool: { dialect: libtool.dialect === '2.6' ? '2.6' : '2.4' },
    baseline: { enabled: baseline.enabled !== false, ref: text(baseline.ref), tagPattern: text(baseline.tagPattern) },
    release: raw.release === true,
    firmware: { tree: text(firmware.tree) },
    migration: { files: Array.isArray(migration.files) ? migration.files.filter((f): f is string => typeof f === 'string' && f.trim() !== '') : [] },
  };
}
