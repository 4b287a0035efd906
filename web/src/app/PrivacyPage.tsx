import { useTranslation } from 'react-i18next';
import { Page } from '../ui/Page';

const SECTIONS = ['who', 'what', 'why', 'public', 'cookies', 'keep', 'rights'] as const;

/** How personal data is handled: what is stored, why, how long, and the person's rights (GDPR). */
export default function PrivacyPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('privacy.title')} lead={t('privacy.lead')}>
      <div className="prose-sections">
        {SECTIONS.map((section) => (
          <section key={section} aria-labelledby={`privacy-${section}`}>
            <h2 id={`privacy-${section}`}>{t(`privacy.${section}.title`)}</h2>
            <p>{t(`privacy.${section}.body`)}</p>
          </section>
        ))}
      </div>
    </Page>
  );
}
