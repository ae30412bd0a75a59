import * as assert from 'node:assert/strict';
import { platformNames, type LibraryVersioning } from '../../server/src/schemes/libtool/platformNames';
import { parseVersion } from '../../server/src/schemes/libtool/versionInfo';

/** Names libtool 2.4.7 produced for libfoo.la (shared/reference/libtool.md §3.1–3.4). */
function versioning(input: string): LibraryVersioning {
  let release: string | undefined;
  let flag: 'version-info' | 'version-number' | undefined;
  let value: string | undefined;
  let avoidVersion = false;
  const words = input.split(' ');
  for (let i = 0; i < words.length; i++) {
    if (words[i] === '-release') release = words[++i];
    else if (words[i] === '-version-number') (flag = 'version-number'), (value = words[++i]);
    else if (words[i] === '-avoid-version') avoidVersion = true;
    else (flag = 'version-info'), (value = words[i]);
  }
  const parsed = flag ? parseVersion(flag, value!) : undefined;
  assert.equal(parsed?.error, undefined);
  return {
    library: 'libfoo',
    triple: parsed ? { current: parsed.current!, revision: parsed.revision!, age: parsed.age! } : undefined,
    release,
    avoidVersion,
  };
}

describe('file names on each platform', () => {
  const linux: [string, string, string, string][] = [
    ['0:0:0', 'libfoo.so.0.0.0', 'libfoo.so.0', 'libfoo.so'],
    ['1:0:0', 'libfoo.so.1.0.0', 'libfoo.so.1', 'libfoo.so'],
    ['1:2:1', 'libfoo.so.0.1.2', 'libfoo.so.0', 'libfoo.so'],
    ['6:0:2', 'libfoo.so.4.2.0', 'libfoo.so.4', 'libfoo.so'],
    ['5:3:5', 'libfoo.so.0.5.3', 'libfoo.so.0', 'libfoo.so'],
    ['10:0:10', 'libfoo.so.0.10.0', 'libfoo.so.0', 'libfoo.so'],
    ['99999:0:0', 'libfoo.so.99999.0.0', 'libfoo.so.99999', 'libfoo.so'],
    ['1', 'libfoo.so.1.0.0', 'libfoo.so.1', 'libfoo.so'],
    ['1:2', 'libfoo.so.1.0.2', 'libfoo.so.1', 'libfoo.so'],
    ['-version-number 2:3:4', 'libfoo.so.2.3.4', 'libfoo.so.2', 'libfoo.so'],
    ['-release 1.2', 'libfoo-1.2.so', 'libfoo-1.2.so', 'libfoo.so'],
    ['-release 1.2 6:0:2', 'libfoo-1.2.so.4.2.0', 'libfoo-1.2.so.4', 'libfoo.so'],
    ['-avoid-version', 'libfoo.so', 'libfoo.so', 'libfoo.so'],
    ['-avoid-version 1:2:1', 'libfoo.so', 'libfoo.so', 'libfoo.so'],
    ['3:1:0', 'libfoo.so.3.0.1', 'libfoo.so.3', 'libfoo.so'],
  ];
  for (const [input, real, soname, linker] of linux) {
    it(`GNU/Linux and FreeBSD ELF: ${input}`, () => {
      const names = platformNames(versioning(input));
      assert.deepEqual(names.linux, { real, soname, linker });
      assert.deepEqual(names.freebsd, { real, soname });
    });
  }

  const darwin: [string, string, string | null, string | null][] = [
    ['0:0:0', 'libfoo.0.dylib', '1', '1.0'],
    ['1:0:0', 'libfoo.1.dylib', '2', '2.0'],
    ['1:2:1', 'libfoo.0.dylib', '2', '2.2'],
    ['6:0:2', 'libfoo.4.dylib', '7', '7.0'],
    ['5:3:5', 'libfoo.0.dylib', '6', '6.3'],
    ['10:0:10', 'libfoo.0.dylib', '11', '11.0'],
    ['99999:0:0', 'libfoo.99999.dylib', '100000', '100000.0'],
    ['1:2', 'libfoo.1.dylib', '2', '2.2'],
    ['-version-number 2:3:4', 'libfoo.2.dylib', '6', '6.4'],
    ['-version-number 2:3', 'libfoo.2.dylib', '6', '6.0'],
    ['-release 1.2', 'libfoo-1.2.dylib', null, null],
    ['-release 1.2 6:0:2', 'libfoo-1.2.4.dylib', '7', '7.0'],
    ['-avoid-version', 'libfoo.dylib', null, null],
  ];
  for (const [input, file, compatibilityVersion, currentVersion] of darwin) {
    it(`macOS: ${input}`, () => {
      assert.deepEqual(platformNames(versioning(input)).darwin, { file, compatibilityVersion, currentVersion });
    });
  }

  const windows: [string, string, string][] = [
    ['0:0:0', 'libfoo-0.dll', 'cygfoo-0.dll'],
    ['1:0:0', 'libfoo-1.dll', 'cygfoo-1.dll'],
    ['1:2:1', 'libfoo-0.dll', 'cygfoo-0.dll'],
    ['6:0:2', 'libfoo-4.dll', 'cygfoo-4.dll'],
    ['5:3:5', 'libfoo-0.dll', 'cygfoo-0.dll'],
    ['10:0:10', 'libfoo-0.dll', 'cygfoo-0.dll'],
    ['99999:0:0', 'libfoo-99999.dll', 'cygfoo-99999.dll'],
    ['-version-number 2:3:4', 'libfoo-2.dll', 'cygfoo-2.dll'],
    ['-release 1.2', 'libfoo-1-2.dll', 'cygfoo-1-2.dll'],
    ['-release 1.2 6:0:2', 'libfoo-1-2-4.dll', 'cygfoo-1-2-4.dll'],
    ['-avoid-version', 'libfoo.dll', 'cygfoo.dll'],
  ];
  for (const [input, mingw, cygwin] of windows) {
    it(`Windows: ${input}`, () => {
      const names = platformNames(versioning(input));
      assert.equal(names.mingw.dll, mingw);
      assert.equal(names.cygwin.dll, cygwin);
      assert.equal(names.mingw.importLibrary, 'libfoo.dll.a');
    });
  }

  it('a 19-digit REVISION (libtool 2.6) is kept exactly', () => {
    const parsed = parseVersion('version-info', '0:1234567890123456789:0', '2.6');
    const names = platformNames({ library: 'libfoo', triple: { current: parsed.current!, revision: parsed.revision!, age: parsed.age! }, avoidVersion: false });
    assert.equal(names.linux.real, 'libfoo.so.0.0.1234567890123456789');
  });
});
