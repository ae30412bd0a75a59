import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { URI } from 'vscode-uri';

/** A workspace folder written to a fresh temporary directory, removed by `dispose`. */
export class TempWorkspace {
  readonly root: string;

  constructor(files: Record<string, string>) {
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'versionwise-test-'));
    for (const [name, text] of Object.entries(files)) this.write(name, text);
  }

  write(name: string, text: string): void {
    const file = path.join(this.root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }

  read(name: string): string {
    return fs.readFileSync(path.join(this.root, name), 'utf8');
  }

  uri(name: string): string {
    return URI.file(path.join(this.root, name)).toString();
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
