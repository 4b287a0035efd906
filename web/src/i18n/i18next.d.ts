import 'i18next';
import type sv from './sv.json';

/** Every `t('…')` key is checked against the Swedish catalogue at compile time. */
declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof sv };
    returnNull: false;
  }
}
