import { useTranslation } from 'react-i18next';
import { Link } from 'react-aria-components';
import { useFormat } from '../i18n/format';
import { useAreaName } from '../reference/hooks';
import type { ChallengeSummary } from './hooks';
import { Deadline } from './Deadline';

/** A challenge in a list: what it is about, whose it is and how long it stays open. */
export function ChallengeCard({
  challenge,
  headingLevel = 3,
}: {
  challenge: ChallengeSummary;
  headingLevel?: 2 | 3 | 4;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const areaName = useAreaName();
  const Heading = (['h2', 'h3', 'h4'] as const)[headingLevel - 2] ?? 'h3';
  return (
    <article className="card">
      <p className="card-kicker">
        {areaName(challenge.welfareArea)} · {t(`challenges.status.${challenge.status}`)}
      </p>
      <Heading>
        <Link href={`/challenges/${challenge.id}`}>{challenge.title}</Link>
      </Heading>
      <p>{challenge.summary}</p>
      <p className="muted">{challenge.department.name}</p>
      {challenge.status === 'published' && challenge.submissionDeadline && (
        <Deadline iso={challenge.submissionDeadline} />
      )}
      {challenge.budgetSek != null && (
        <p className="muted">
          {t('challenges.budget')}: {format.sek(challenge.budgetSek)}
        </p>
      )}
    </article>
  );
}
