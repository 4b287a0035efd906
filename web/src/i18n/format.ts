import { useTranslation } from 'react-i18next';
import { LOCALES } from './i18n';

const DAY_MS = 86_400_000;

/** Dates, numbers and SEK amounts in the current language's locale (sv-SE or en-GB), through Intl. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = LOCALES[i18n.language === 'en' ? 'en' : 'sv'];
  return {
    locale,
    date: (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(new Date(iso)),
    dateTime: (iso: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Stockholm' }).format(
        new Date(iso),
      ),
    number: (value: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value),
    percent: (fraction: number) => new Intl.NumberFormat(locale, { style: 'percent' }).format(fraction),
    sek: (amount: number) =>
      new Intl.NumberFormat(locale, { style: 'currency', currency: 'SEK', maximumFractionDigits: 0 }).format(amount),
    /** Whole days from now until `iso` (negative when past). */
    daysUntil: (iso: string, now = Date.now()) => Math.ceil((new Date(iso).getTime() - now) / DAY_MS),
  };
}
