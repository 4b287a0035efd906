import { useTranslation } from 'react-i18next';
import { Button } from 'react-aria-components';
import { currentLanguage, setLanguage } from '../i18n/i18n';

/**
 * The language switch: names the other language in that language ("English" / "Svenska"), so a
 * person who cannot read the current one still finds it. The choice is remembered.
 */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const other = currentLanguage() === 'sv' ? 'en' : 'sv';
  return (
    <Button className="header-button" onPress={() => void setLanguage(other)}>
      <span lang={other}>{t('layout.otherLanguage')}</span>
    </Button>
  );
}
