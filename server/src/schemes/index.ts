import type { VersionScheme } from '../core/scheme';
import { firmwareScheme } from './firmware';
import { libtoolScheme } from './libtool';
import { releaseScheme } from './release';
import { semverScheme } from './semver';

/** Every version scheme Versionwise knows, in the order their findings are reported. */
export const ALL_SCHEMES: readonly VersionScheme[] = [libtoolScheme, semverScheme, releaseScheme, firmwareScheme];
