import 'i18next';
import type admin from './features/admin.sv.json';
import type department from './features/department.sv.json';
import type evaluation from './features/evaluation.sv.json';
import type events from './features/events.sv.json';
import type notifications from './features/notifications.sv.json';
import type organisations from './features/organisations.sv.json';
import type pilotWork from './features/pilotWork.sv.json';
import type pipeline from './features/pipeline.sv.json';
import type privacy from './features/privacy.sv.json';
import type proposals from './features/proposals.sv.json';
import type sv from './sv.json';

/**
 * The Swedish catalogue as the compiler sees it: the shared file and every workspace's file
 * (add a workspace's `features/<name>.sv.json` here when you create it).
 */
type Catalogue = typeof sv &
  typeof admin &
  typeof department &
  typeof evaluation &
  typeof events &
  typeof notifications &
  typeof organisations &
  typeof pilotWork &
  typeof pipeline &
  typeof privacy &
  typeof proposals;

/** Every `t('…')` key is checked against the Swedish catalogue at compile time. */
declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: Catalogue };
    returnNull: false;
  }
}
