/**
 * The files libtool makes for a library on each platform (shared/reference/libtool.md §1.5–1.7, §3), for
 * the version_types people ship on: linux (GNU/Linux, Solaris, Haiku, FreeBSD ELF…), darwin and windows
 * (MinGW, Cygwin). Every name here is checked against the test vectors produced by the real libtool.
 */
export interface LibraryVersioning {
  /** `libfoo` (what libtool calls libname). */
  readonly library: string;
  /** Absent when no -version-info/-version-number is given (libtool then uses 0:0:0, unless -release). */
  readonly triple?: { readonly current: number; readonly revision: string; readonly age: number };
  /** The -release argument, without the leading dash. */
  readonly release?: string;
  readonly avoidVersion: boolean;
  /** `-module`: on macOS a module is a bundle named `.so`, not a `.dylib`. */
  readonly module?: boolean;
}

export interface PlatformNames {
  readonly linux: { readonly real: string; readonly soname: string; readonly linker: string };
  readonly darwin: { readonly file: string; readonly compatibilityVersion: string | null; readonly currentVersion: string | null };
  readonly mingw: { readonly dll: string; readonly importLibrary: string };
  readonly cygwin: { readonly dll: string; readonly importLibrary: string };
  readonly freebsd: { readonly real: string; readonly soname: string };
}

export function platformNames(v: LibraryVersioning): PlatformNames {
  const release = v.release !== undefined ? `-${v.release}` : '';
  // ltmain clears the numbers when only -release is given, and -avoid-version clears them everywhere
  // these platforms are concerned (need_version=no on all of them).
  const versioned = !v.avoidVersion && !(v.triple === undefined && v.release !== undefined);
  const triple = v.triple ?? { current: 0, revision: '0', age: 0 };
  const major = triple.current - triple.age;
  const elfSuffix = versioned ? `.${major}.${triple.age}.${triple.revision}` : '';
  const elfMajor = versioned ? `.${major}` : '';
  const linux = {
    real: `${v.library}${release}.so${elfSuffix}`,
    soname: `${v.library}${release}.so${elfMajor}`,
    linker: `${v.library}.so`,
  };
  const darwin = {
    file: `${v.library}${release}${versioned ? `.${major}` : ''}${v.module ? '.so' : '.dylib'}`,
    compatibilityVersion: versioned ? String(triple.current + 1) : null,
    currentVersion: versioned ? `${triple.current + 1}.${triple.revision}` : null,
  };
  // Windows: dots of the release become dashes (8.3 file systems), and only C-A is in the name.
  const dllSuffix = `${release.replace(/\./g, '-')}${versioned ? `-${major}` : ''}.dll`;
  const importLibrary = `${v.library}.dll.a`;
  const cygwinBase = v.library.startsWith('lib') ? `cyg${v.library.slice(3)}` : v.library;
  return {
    linux,
    darwin,
    mingw: { dll: `${v.library}${dllSuffix}`, importLibrary },
    cygwin: { dll: `${cygwinBase}${dllSuffix}`, importLibrary },
    freebsd: { real: linux.real, soname: linux.soname },
  };
}
