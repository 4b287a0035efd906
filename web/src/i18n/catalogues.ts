import core from './sv.json';

/**
 * The message catalogues: `sv.json`/`en.json` hold what every page shares, and each workspace has
 * its own pair in `features/<workspace>.<language>.json` (one top-level key, the workspace's
 * name), so workspaces are written side by side without touching one file. Swedish, the default,
 * is in the first download; English is fetched, whole, when chosen.
 */
const swedishFeatures = import.meta.glob<Record<string, unknown>>('./features/*.sv.json', {
  eager: true,
  import: 'default',
});
const englishFeatures = import.meta.glob<Record<string, unknown>>('./features/*.en.json', { import: 'default' });

export const swedish = Object.assign({}, core, ...Object.values(swedishFeatures)) as Record<string, unknown>;

export async function loadEnglish(): Promise<Record<string, unknown>> {
  const [{ default: english }, ...features] = await Promise.all([
    import('./en.json'),
    ...Object.values(englishFeatures).map((load) => load()),
  ]);
  return Object.assign({}, english, ...features) as Record<string, unknown>;
}
