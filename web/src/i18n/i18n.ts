import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { loadEnglish, loadWorkspaces, swedish } from './catalogues';

export const LANGUAGES = ['sv', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The locale of dates, numbers and money for each language. */
export const LOCALES: Record<Language, string> = { sv: 'sv-SE', en: 'en-GB' };

const STORAGE_KEY = 'testbed.language';

function savedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'sv';
  } catch {
    return 'sv';
  }
}

export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'sv';
}

/** Swedish, the default, is in the first download; English is fetched when chosen. */
async function ensureLoaded(language: Language): Promise<void> {
  if (i18n.hasResourceBundle(language, 'translation')) return;
  i18n.addResourceBundle(language, 'translation', await loadEnglish(), true, true);
}

/** The workspaces' texts, per language: asked for by the first page that needs them, once. */
const workspaceTexts = new Map<Language, Promise<void>>();
function ensureWorkspaces(language: Language): Promise<void> {
  let loading = workspaceTexts.get(language);
  if (!loading) {
    loading = loadWorkspaces(language).then((texts) => {
      i18n.addResourceBundle(language, 'translation', texts, true, true);
    });
    workspaceTexts.set(language, loading);
  }
  return loading;
}

/** Resolves when the current language's workspace texts are there (every lazy route awaits it). */
export function loadWorkspaceTexts(): Promise<void> {
  return ensureWorkspaces(currentLanguage());
}

/** Switches the language, remembers it for the next visit and sets `<html lang>`. */
export async function setLanguage(language: Language): Promise<void> {
  await ensureLoaded(language);
  // A workspace page on screen must not lose its texts in the switch.
  if (workspaceTexts.size > 0) await ensureWorkspaces(language);
  await i18n.changeLanguage(language);
}

void i18n.use(initReactI18next).init({
  resources: { sv: { translation: swedish } },
  partialBundledLanguages: true,
  lng: 'sv',
  fallbackLng: false,
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The remembered language, loaded before the first render. */
export async function startI18n(): Promise<void> {
  const language = savedLanguage();
  if (language !== 'sv') await setLanguage(language);
  document.documentElement.lang = i18n.language;
  // From here on, every switch is remembered.
  i18n.on('languageChanged', (changed: string) => {
    document.documentElement.lang = changed;
    try {
      localStorage.setItem(STORAGE_KEY, changed);
    } catch {
      // Private mode without storage: the choice lasts for this visit.
    }
  });
}

export { i18n };
