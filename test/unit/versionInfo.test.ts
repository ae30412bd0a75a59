import * as assert from 'node:assert/strict';
import { parseVersion, splitFields, tripleOf } from '../../server/src/schemes/libtool/versionInfo';

/** Every vector below comes from running the real libtool (shared/reference/libtool.md §2.1, §2.2). */
describe('libtool version-info validation (libtool 2.4.7 behaviour)', () => {
  const accepted: [string, string][] = [
    ['0:0:0', '0:0:0'],
    ['1:0:0', '1:0:0'],
    ['1:2:1', '1:2:1'],
    ['6:0:2', '6:0:2'],
    ['5:3:5', '5:3:5'],
    ['10:0:10', '10:0:10'],
    ['99999:0:0', '99999:0:0'],
    ['99999:99999:99999', '99999:99999:99999'],
    ['1', '1:0:0'],
    ['1:2', '1:2:0'],
    ['1:2:1:', '1:2:1'],
    ['', '0:0:0'],
  ];
  for (const [input, triple] of accepted) {
    it(`accepts '${input}' as ${triple}`, () => {
      const parsed = parseVersion('version-info', input);
      assert.equal(parsed.error, undefined);
      assert.equal(tripleOf(parsed), triple);
    });
  }

  const rejected: [string, string][] = [
    ['3:0:4', "AGE '4' is greater than the current interface number '3'"],
    ['2:1:-1', "AGE '-1' must be a nonnegative integer"],
    ['a:b:c', "CURRENT 'a' must be a nonnegative integer"],
    ['007:1:0', "CURRENT '007' must be a nonnegative integer"],
    ['100000:0:0', "CURRENT '100000' must be a nonnegative integer"],
    ['0:100000:0', "REVISION '100000' must be a nonnegative integer"],
    ['00:0:0', "CURRENT '00' must be a nonnegative integer"],
    ['0:00:0', "REVISION '00' must be a nonnegative integer"],
    ['0:0:00', "AGE '00' must be a nonnegative integer"],
    ['+1:0:0', "CURRENT '+1' must be a nonnegative integer"],
    ['1.0:0:0', "CURRENT '1.0' must be a nonnegative integer"],
    [' 1:0:0', "CURRENT ' 1' must be a nonnegative integer"],
    ['-1', "CURRENT '-1' must be a nonnegative integer"],
    ['0:-1', "REVISION '-1' must be a nonnegative integer"],
    ['1::0', "REVISION '' must be a nonnegative integer"],
  ];
  for (const [input, first] of rejected) {
    it(`rejects '${input}' with libtool's words`, () => {
      const parsed = parseVersion('version-info', input);
      assert.equal(parsed.error?.message, `${first}: '${input}' is not valid version information`);
    });
  }

  it('rejects four fields as libtool does', () => {
    assert.equal(parseVersion('version-info', '1:2:3:4').error?.message, "too many parameters to '-version-info'");
    assert.equal(parseVersion('version-number', '2:3:4:5').error?.message, "too many parameters to '-version-info'");
  });

  it('blames the field that is wrong', () => {
    assert.equal(parseVersion('version-info', '1:00:0').error?.at, 'revision');
    assert.equal(parseVersion('version-info', '3:0:4').error?.at, 'age');
    assert.equal(parseVersion('version-info', 'x').error?.at, 'current');
  });

  it('splits fields like the shell does with IFS=:', () => {
    assert.deepEqual(splitFields('1:2:1:').map((f) => f.text), ['1', '2', '1']);
    assert.deepEqual(splitFields(':').map((f) => f.text), ['']);
    assert.deepEqual(splitFields('1::').map((f) => f.text), ['1', '']);
    assert.deepEqual(splitFields('').map((f) => f.text), []);
    assert.deepEqual(splitFields('6:0:2').map((f) => [f.start, f.end]), [[0, 1], [2, 3], [4, 5]]);
  });
});

describe('libtool 2.6 dialect', () => {
  it('accepts a REVISION of up to 19 digits', () => {
    assert.equal(tripleOf(parseVersion('version-info', '0:100000:0', '2.6')), '0:100000:0');
    assert.equal(tripleOf(parseVersion('version-info', '0:1234567890123456789:0', '2.6')), '0:1234567890123456789:0');
  });
  it('appends the digit limits to its messages', () => {
    assert.equal(
      parseVersion('version-info', '0:12345678901234567890:0', '2.6').error?.message,
      "REVISION '12345678901234567890' must be a nonnegative integer and <= 19 digits: '0:12345678901234567890:0' is not valid version information",
    );
    assert.equal(parseVersion('version-info', '007:1:0', '2.6').error?.message, "CURRENT '007' must be a nonnegative integer and <= 5 digits: '007:1:0' is not valid version information");
    assert.equal(parseVersion('version-info', '1::0', '2.6').error?.message, "REVISION '' must be a nonnegative integer and <= 19 digits: '1::0' is not valid version information");
  });
});

describe('-version-number', () => {
  const mapped: [string, string][] = [
    ['2:3:4', '5:4:3'],
    ['2:3', '5:0:3'],
    ['2', '2:0:0'],
    ['0:0:0', '0:0:0'],
    ['010:0:0', '8:0:0'],
  ];
  for (const [input, triple] of mapped) {
    it(`maps ${input} to C:R:A ${triple} as libtool's .la records it`, () => {
      assert.equal(tripleOf(parseVersion('version-number', input)), triple);
    });
  }
  const rejected: [string, string][] = [
    ['08:0:0', '08: value too great for base (error token is "08")'],
    ['1:010:0', "AGE '010' must be a nonnegative integer: '1:010:0' is not valid version information"],
    ['2:3:04', "REVISION '04' must be a nonnegative integer: '2:3:04' is not valid version information"],
    ['99999:1:0', "CURRENT '100000' must be a nonnegative integer: '99999:1:0' is not valid version information"],
    ['a:b:c', "REVISION 'c' must be a nonnegative integer: 'a:b:c' is not valid version information"],
  ];
  for (const [input, message] of rejected) {
    it(`rejects ${input} as libtool does`, () => {
      assert.equal(parseVersion('version-number', input).error?.message, message);
    });
  }
});
