import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every `*.dto.ts` file under a folder. */
function dtoFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return dtoFiles(path);
    return entry.name.endsWith('.dto.ts') ? [path] : [];
  });
}

describe('DTO class names', () => {
  it('are unique across features: @nestjs/swagger names a schema by its class, and a second class of the same name silently replaces the first in openapi.json', () => {
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const file of dtoFiles(join(__dirname, '..'))) {
      for (const [, name] of readFileSync(file, 'utf8').matchAll(/export class (\w+)/g)) {
        const first = seen.get(name);
        if (first) duplicates.push(`${name}: ${first} and ${file}`);
        else seen.set(name, file);
      }
    }
    expect(duplicates).toEqual([]);
    expect(seen.size).toBeGreaterThan(50);
  });
});
