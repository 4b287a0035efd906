import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const I18N = join(__dirname, '..', '..', 'src', 'i18n');

/** A language's whole catalogue as the app merges it: the shared file and every workspace's file. */
export function loadCatalogue(language: 'sv' | 'en'): Record<string, unknown> {
  const features = readdirSync(join(I18N, 'features'))
    .filter((name) => name.endsWith(`.${language}.json`))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(I18N, 'features', name), 'utf8')) as Record<string, unknown>);
  return Object.assign(
    {},
    JSON.parse(readFileSync(join(I18N, `${language}.json`), 'utf8')) as Record<string, unknown>,
    ...features,
  ) as Record<string, unknown>;
}
