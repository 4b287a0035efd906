import { useTranslation } from 'react-i18next';
import type { OrganisationError } from './rules';

/** A form error of rules.ts in the person's language. */
export function useErrorText(): (error: OrganisationError | undefined) => string | undefined {
  const { t } = useTranslation();
  return (error) => {
    if (!error) return undefined;
    switch (error) {
      case 'kindRequired':
        return t('organisations.create.kindRequired');
      case 'emailInvalid':
        return t('validation.emailInvalid');
      case 'nameRequired':
      case 'nameLength':
      case 'websiteInvalid':
      case 'descriptionLong':
        return t(`organisations.validation.${error}`);
      case 'orgNumber.required':
      case 'orgNumber.form':
      case 'orgNumber.thirdDigit':
      case 'orgNumber.checkDigit':
        return t(`organisations.${error}`);
    }
  };
}
