import { useTranslation } from 'react-i18next';
import { Link } from 'react-aria-components';
import { ChallengeCard } from '../challenges/ChallengeCard';
import { useOpenChallenges } from '../challenges/hooks';
import { PilotCard } from '../pilots/PilotCard';
import { useRegistry } from '../pilots/hooks';
import { useAreaName, useWelfareAreas } from '../reference/hooks';
import { LinkButton } from '../ui/Button';
import { Page } from '../ui/Page';
import { QueryState } from '../ui/QueryState';

/** What the innovation centre and the testbed are, what is open now, what is being tested. */
export function HomePage() {
  const { t } = useTranslation();
  const areas = useWelfareAreas();
  const areaName = useAreaName();
  const open = useOpenChallenges(50);
  const pilots = useRegistry({ area: '', stage: '' }, 3);
  return (
    <Page title={t('home.title')} lead={t('home.lead')}>
      <div className="hero-actions">
        <LinkButton href="/challenges?status=published">{t('home.ctaChallenges')}</LinkButton>
        <LinkButton href="/pilots" variant="secondary">
          {t('home.ctaPilots')}
        </LinkButton>
      </div>
      <section aria-labelledby="how" className="panel">
        <h2 id="how">{t('home.howTitle')}</h2>
        <ol className="steps">
          <li>{t('home.how1')}</li>
          <li>{t('home.how2')}</li>
          <li>{t('home.how3')}</li>
          <li>{t('home.how4')}</li>
        </ol>
        <p>{t('home.centre')}</p>
      </section>
      <section aria-labelledby="open">
        <h2 id="open">{t('home.openTitle')}</h2>
        <QueryState query={open}>
          {(page) =>
            page.items.length === 0 ? (
              <p>{t('home.noOpen')}</p>
            ) : (
              (areas.data ?? [])
                .filter((area) => page.items.some((challenge) => challenge.welfareArea === area.code))
                .map((area) => (
                  <section key={area.code} aria-labelledby={`area-${area.code}`} className="area-group">
                    <h3 id={`area-${area.code}`}>{areaName(area.code)}</h3>
                    <ul className="grid">
                      {page.items
                        .filter((challenge) => challenge.welfareArea === area.code)
                        .slice(0, 3)
                        .map((challenge) => (
                          <li key={challenge.id}>
                            <ChallengeCard challenge={challenge} headingLevel={4} />
                          </li>
                        ))}
                    </ul>
                    <p>
                      <Link href={`/challenges?status=published&area=${encodeURIComponent(area.code)}`}>
                        {t('home.allInArea', { area: areaName(area.code) })}
                      </Link>
                    </p>
                  </section>
                ))
            )
          }
        </QueryState>
      </section>
      <section aria-labelledby="pilots">
        <h2 id="pilots">{t('home.pilotsTitle')}</h2>
        <QueryState query={pilots}>
          {(data) => (
            <ul className="grid">
              {data.pages
                .flatMap((page) => page.items)
                .map((pilot) => (
                  <li key={pilot.id}>
                    <PilotCard pilot={pilot} headingLevel={3} />
                  </li>
                ))}
            </ul>
          )}
        </QueryState>
        <p>
          <Link href="/pilots">{t('home.allPilots')}</Link>
        </p>
      </section>
      <section aria-labelledby="propose" className="notice">
        <h2 id="propose">{t('home.proposeTitle')}</h2>
        <p>{t('home.proposeBody')}</p>
        <LinkButton href="/register">{t('home.proposeAction')}</LinkButton>
      </section>
    </Page>
  );
}
