import type { BuildProject, ProjectDiscovery, SourceSet } from '../../sources/buildProject';
import { BuildResolver } from '../../sources/resolver';
import { writtenFromLocated, type ReleaseSite } from './site';

/**
 * `AC_INIT([pkg], [1.2.3], …)`: the version is AC_INIT's second argument, read by the shared autoconf
 * reader and evaluated by the shared resolver, so `AC_INIT(pkg, 1.2.3)`, `[foo_version]` defined with
 * m4_define (in configure.ac or an m4_include'd file) and versions assembled from several macros are all
 * located where their characters are written. `m4_esyscmd(…)`/`m4_esyscmd_s(…)` (git-version-gen, Open
 * MPI's get_version.sh) make the value computed: it is never compared.
 */
export function autoconfSites(discovery: ProjectDiscovery, sources: SourceSet): { sites: ReleaseSite[]; wanted: string[] } {
  const sites: ReleaseSite[] = [];
  const wanted: string[] = [];
  for (const project of discovery.projects) {
    const configure = project.configure;
    if (!configure?.init?.version) continue;
    const resolver = new BuildResolver(project, sources);
    const value = resolver.packageVersion()!;
    wanted.push(...resolver.wantedFiles());
    const base = { kind: 'autoconf' as const, file: configure.path, home: project.root, label: 'AC_INIT', packageName: packageName(project), comparison: 'exact' as const };
    const computed = value.computed;
    if (computed) {
      sites.push({ ...base, computed: { reason: computed.reason, span: computed.span } });
      continue;
    }
    const written = writtenFromLocated(value, 'plain');
    if (written) sites.push({ ...base, written });
  }
  return { sites, wanted };
}

function packageName(project: BuildProject): string | undefined {
  const init = project.configure?.init;
  if (!init?.package) return undefined;
  const name = project.configure!.code.slice(init.package.start, init.package.end).replace(/[[\]]/g, '').trim();
  return name || undefined;
}
