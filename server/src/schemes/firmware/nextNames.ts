import { formatName, writeLike, type FieldName, type ParsedName } from './names';

/**
 * Step 5 of the firmware scheme: the names of the next releases after a name, per kind of change, in the
 * name's own family. GuC and HuC major.minor.patch follow the firmware's semantics (patch: fixes; minor:
 * backwards-compatible change; major: incompatible interface change). The 2017 proposal adds BASE, with its
 * reset rules: MAJOR resets to 1 on a new BASE, MINOR to 0 on a new MAJOR, PATCH to 0 on a new MINOR.
 */
export interface NextName {
  readonly change: 'fix' | 'compatible' | 'incompatible' | 'new BASE';
  readonly name: string;
}

export const CHANGE_LABEL: Record<NextName['change'], string> = {
  fix: 'internal fix',
  compatible: 'backwards-compatible change',
  incompatible: 'incompatible interface change',
  'new BASE': 'new BASE (a branch whose versions cannot be compared with this one)',
};

export function nextNames(parsed: ParsedName): NextName[] {
  const text = (field: FieldName, value: number) => writeLike(value, parsed.parts[field]?.text);
  const v = (field: FieldName) => parsed.parts[field]?.value ?? 0;
  const make = (texts: Partial<Record<FieldName, string>>) => formatName({ platform: parsed.platform, family: parsed.family, texts });
  switch (parsed.family) {
    case 'guc-mmp':
    case 'huc-mmp':
    case 'huc-mmp-gsc':
      return [
        { change: 'fix', name: make({ major: text('major', v('major')), minor: text('minor', v('minor')), patch: text('patch', v('patch') + 1) }) },
        { change: 'compatible', name: make({ major: text('major', v('major')), minor: text('minor', v('minor') + 1), patch: '0' }) },
        { change: 'incompatible', name: make({ major: text('major', v('major') + 1), minor: '0', patch: '0' }) },
      ];
    case 'guc-base-proposal':
      return [
        { change: 'fix', name: make({ base: text('base', v('base')), major: text('major', v('major')), minor: text('minor', v('minor')), patch: text('patch', v('patch') + 1) }) },
        { change: 'compatible', name: make({ base: text('base', v('base')), major: text('major', v('major')), minor: text('minor', v('minor') + 1), patch: '0' }) },
        { change: 'incompatible', name: make({ base: text('base', v('base')), major: text('major', v('major') + 1), minor: '0', patch: '0' }) },
        { change: 'new BASE', name: make({ base: text('base', v('base') + 1), major: '1', minor: '0', patch: '0' }) },
      ];
    case 'guc-ver-major-minor':
      return [
        { change: 'compatible', name: make({ major: text('major', v('major')), minor: text('minor', v('minor') + 1) }) },
        { change: 'incompatible', name: make({ major: text('major', v('major') + 1), minor: '0' }) },
      ];
    case 'dmc-ver-major-minor':
      return [{ change: 'compatible', name: make({ major: text('major', v('major')), minor: text('minor', v('minor') + 1) }) }];
    case 'guc-major':
    case 'gsc-major':
      // A new minor replaces the file under the same name; only an incompatible release gets a new one.
      return [{ change: 'incompatible', name: make({ major: text('major', v('major') + 1) }) }];
    default:
      return [];
  }
}
