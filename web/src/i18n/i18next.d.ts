import 'i18next';
import type department from './features/department.sv.json';
import type evaluation from './features/evaluation.sv.json';
import type privacy from './features/privacy.sv.json';
import type sv from './sv.json';

/**
 * The Swedish catalogue as the compiler sees it: the shared file and every workspace's file
 * (add a workspace's `features/<name>.sv.json` here when you create it).
 */
type Catalogue = typeof sv & typeof privacy & typeof department & typeof evaluation;

/** Every `t('…')` key is checked against the Swedish catalogue at compile time. */
declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: Catalogue };
    returnNull: false;
  }
}
