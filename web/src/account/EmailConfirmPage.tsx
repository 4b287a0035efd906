import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { ApiError } from '../api/client';
import { useProblemMessage } from '../api/problems';
import { Button, LinkButton } from '../ui/Button';
import { Page } from '../ui/Page';
import { useConfirmEmail } from './hooks';
import { codeFromHash } from './validation';

/** The link mailed to a new address (`/account/email/confirm#code=…`): one press confirms it. */
export default function EmailConfirmPage() {
  const { t } = useTranslation();
  const { hash } = useLocation();
  const code = codeFromHash(hash);
  const confirm = useConfirmEmail();
  const message = useProblemMessage();
  return (
    <Page title={t('account.emailConfirm.title')}>
      {confirm.data ? (
        <>
          <div className="success" role="status">
            <p>{t('account.emailConfirm.doneBody', { email: confirm.data.email })}</p>
          </div>
          <LinkButton href="/account">{t('account.emailConfirm.toAccount')}</LinkButton>
        </>
      ) : !code ? (
        <p>{t('account.emailConfirm.missing')}</p>
      ) : (
        <>
          {confirm.error && (
            <div className="error-summary" role="alert">
              <p>
                {confirm.error instanceof ApiError && confirm.error.status === 422
                  ? t('account.emailConfirm.badCode')
                  : message(confirm.error)}
              </p>
            </div>
          )}
          <Button isPending={confirm.isPending} onPress={() => confirm.mutate({ code })}>
            {t('account.emailConfirm.title')}
          </Button>
        </>
      )}
    </Page>
  );
}
