import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The web app's message catalogues: every key in Swedish is in English and the other way round,
 * no text is empty, and every literal key the code uses exists (the compiler checks the Swedish
 * keys too; this also catches English gaps and keys built in templates).
 */
const I18N = join(__dirname, '..', 'web', 'src', 'i18n');
type Catalogue = { [key: string]: string | Catalogue };

/** The shared file, then each workspace's file; a workspace's file holds one key of its own. */
function load(language: string): Catalogue {
  const merged = JSON.parse(readFileSync(join(I18N, `${language}.json`), 'utf8')) as Catalogue;
  for (const name of readdirSync(join(I18N, 'features')).filter((file) => file.endsWith(`.${language}.json`))) {
    const feature = JSON.parse(readFileSync(join(I18N, 'features', name), 'utf8')) as Catalogue;
    const keys = Object.keys(feature);
    expect({ name, keys }).toEqual({ name, keys: [name.split('.')[0]] });
    expect({ name, clash: keys[0] in merged }).toEqual({ name, clash: false });
    Object.assign(merged, feature);
  }
  return merged;
}

function flatten(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') keys.set(path, value);
    else for (const [inner, text] of flatten(value, path)) keys.set(inner, text);
  }
  return keys;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

const sv = flatten(load('sv'));
const en = flatten(load('en'));
/** A plural key is used without its suffix: `challenges.daysLeft` for `challenges.daysLeft_one`. */
const usable = (keys: Map<string, string>) =>
  new Set([...keys.keys()].map((key) => key.replace(/_(zero|one|two|few|many|other)$/, '')));

describe('web catalogues', () => {
  it('have the same keys in Swedish and English', () => {
    expect([...sv.keys()].filter((key) => !en.has(key))).toEqual([]);
    expect([...en.keys()].filter((key) => !sv.has(key))).toEqual([]);
  });

  it('have no empty texts, and the same {{placeholders}} in both languages', () => {
    const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
    for (const [key, text] of sv) {
      expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
      expect({ key, placeholders: placeholders(en.get(key) ?? '') }).toEqual({ key, placeholders: placeholders(text) });
    }
  });

  it('have every key the code uses, in both languages', () => {
    const used = new Set<string>();
    for (const file of sources(join(__dirname, '..', 'web', 'src'))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) used.add(match[1] ?? '');
      // Keys built from a union (`pilots.stages.${stage}`): every member must exist; checked by prefix.
      for (const match of text.matchAll(/\bt\(\s*`([a-zA-Z0-9_.-]+)\.\$\{/g)) used.add(`${match[1]}.*`);
    }
    expect(used.size).toBeGreaterThan(50);
    for (const keys of [usable(sv), usable(en)]) {
      const missing = [...used].filter((key) =>
        key.endsWith('.*') ? ![...keys].some((candidate) => candidate.startsWith(key.slice(0, -1))) : !keys.has(key),
      );
      expect(missing).toEqual([]);
    }
  });
});
