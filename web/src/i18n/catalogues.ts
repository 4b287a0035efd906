import core from './sv.json';

/**
 * The message catalogues: `sv.json`/`en.json` hold what every page shares (the header, the
 * footer, the public pages), and each workspace has its own pair in
 * `features/<workspace>.<language>.json` (one top-level key, the workspace's name), so workspaces
 * are written side by side without touching one file.
 *
 * Only the shared Swedish file is in the first download: the workspaces' texts come with the
 * first page that needs them (`loadWorkspaceTexts`, awaited by every lazy route), so the home page
 * does not grow with each workspace. English is fetched, whole, when chosen.
 */
type Language = 'sv' | 'en';
type Catalogue = Record<string, unknown>;

const workspaceLoaders: Record<Language, (() => Promise<Catalogue>)[]> = {
  sv: Object.values(import.meta.glob<Catalogue>('./features/*.sv.json', { import: 'default' })),
  en: Object.values(import.meta.glob<Catalogue>('./features/*.en.json', { import: 'default' })),
};

export const swedish = core as Catalogue;

export async function loadEnglish(): Promise<Catalogue> {
  const { default: english } = await import('./en.json');
  return english;
}

/** Every workspace's texts in one language, merged (each file has its own top-level key). */
export async function loadWorkspaces(language: Language): Promise<Catalogue> {
  const catalogues = await Promise.all(workspaceLoaders[language].map((load) => load()));
  return Object.assign({}, ...catalogues) as Catalogue;
}
