import type { VersionScheme } from '../core/scheme';
import { firmwareScheme } from './firmware';
import { libtoolScheme } from './libtool';
import { migrationScheme } from './migration';
import { pmixScheme } from './pmix';
import { releaseScheme } from './release';
import { semverScheme } from './semver';
import { vmodScheme } from './vmod';

/**
 * Every version scheme Versionwise knows, in the order their findings are reported. For `versionwise
 * explain` without --scheme, the first scheme that reads a value wins: pmix comes before semver so that
 * `v1.2.3rc4` is read as a PMIx release candidate rather than as a broken semver.
 */
export const ALL_SCHEMES: readonly VersionScheme[] = [libtoolScheme, pmixScheme, semverScheme, releaseScheme, firmwareScheme, vmodScheme, migrationScheme];
