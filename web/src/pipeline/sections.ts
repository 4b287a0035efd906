import type { Cell } from './pipeline-csv';
import type { Pipeline } from './hooks';

type Stage = Pipeline['stages'][number]['stage'];
type Status = Pipeline['stalled'][number]['status'];
type Kind = Pipeline['events']['byKind'][number]['kind'];

/** One table of the dashboard: the same data is drawn on screen and written to the CSV file. */
export interface Section {
  id: 'scope' | 'funnel' | 'stages' | 'areas' | 'stalled' | 'backlog' | 'events' | 'eventKinds' | 'eventAreas';
  title: string;
  columns: string[];
  rows: Cell[][];
}

/** The words the sections need, in the person's language (the page passes its catalogue). */
export interface Names {
  title: (section: Section['id']) => string;
  column: (key: string) => string;
  funnelStep: (step: string) => string;
  stage: (stage: Stage) => string;
  status: (status: Status) => string;
  area: (code: string | null) => string;
  kind: (kind: Kind) => string;
  scope: string;
  /** The page of a pilot (absolute, so a link in the file works outside the app). */
  pilotUrl: (id: string) => string;
}

export const FUNNEL_STEPS = [
  'challengesPublished',
  'proposalsSubmitted',
  'proposalsAccepted',
  'explore_idea',
  'explore_setup',
  'develop_pilot',
  'scale',
  'implemented',
] as const;

/** The funnel from published challenges to implemented pilots, step by step. */
export function funnelSteps(funnel: Pipeline['funnel']): { step: (typeof FUNNEL_STEPS)[number]; value: number }[] {
  return FUNNEL_STEPS.map((step) => ({
    step,
    value:
      step === 'challengesPublished' || step === 'proposalsSubmitted' || step === 'proposalsAccepted'
        ? funnel[step]
        : step === 'implemented'
          ? funnel.implemented
          : funnel.pilotsReached[step],
  }));
}

/** Every table the dashboard shows, in its order. */
export function dashboardSections(data: Pipeline, n: Names): Section[] {
  const c = n.column;
  return [
    {
      id: 'scope',
      title: n.title('scope'),
      columns: [c('scope'), c('stalledDays')],
      rows: [[n.scope, data.scope.stalledDays]],
    },
    {
      id: 'funnel',
      title: n.title('funnel'),
      columns: [c('step'), c('count')],
      rows: [
        ...funnelSteps(data.funnel).map(({ step, value }): Cell[] => [n.funnelStep(step), value]),
        [n.funnelStep('discontinued'), data.funnel.discontinued],
      ],
    },
    {
      id: 'stages',
      title: n.title('stages'),
      columns: [c('stage'), c('active'), c('onHold'), c('medianDays')],
      rows: data.stages.map((s) => [n.stage(s.stage), s.active, s.onHold, s.medianDaysInStage]),
    },
    {
      id: 'areas',
      title: n.title('areas'),
      columns: [c('area'), c('challengesPublished'), c('proposalsSubmitted'), c('pilots')],
      rows: data.areas.map((a) => [n.area(a.area), a.challengesPublished, a.proposalsSubmitted, a.pilots]),
    },
    {
      id: 'stalled',
      title: n.title('stalled'),
      columns: [c('pilot'), c('department'), c('stage'), c('status'), c('daysWithoutDecision'), c('link')],
      rows: data.stalled.map((s) => [
        s.title,
        s.department,
        n.stage(s.stage),
        n.status(s.status),
        s.daysWithoutDecision,
        n.pilotUrl(s.pilotId),
      ]),
    },
    {
      id: 'backlog',
      title: n.title('backlog'),
      columns: [c('evaluator'), c('assigned'), c('submitted'), c('overdue')],
      rows: data.evaluatorBacklog.map((b) => [b.name, b.assigned, b.submitted, b.overdue]),
    },
    {
      id: 'events',
      title: n.title('events'),
      columns: [c('held'), c('participants'), c('people'), c('organizations')],
      rows: [[data.events.held, data.events.participants, data.events.people, data.events.organizations]],
    },
    {
      id: 'eventKinds',
      title: n.title('eventKinds'),
      columns: [c('kind'), c('held'), c('participants'), c('people'), c('organizations')],
      rows: data.events.byKind.map((k) => [n.kind(k.kind), k.held, k.participants, k.people, k.organizations]),
    },
    {
      id: 'eventAreas',
      title: n.title('eventAreas'),
      columns: [c('area'), c('held'), c('participants'), c('people'), c('organizations')],
      rows: data.events.byArea.map((a) => [n.area(a.area), a.held, a.participants, a.people, a.organizations]),
    },
  ];
}

/** The sections as CSV rows: a title row, the column names, the rows, a blank line. */
export function sectionRows(sections: Section[]): Cell[][] {
  return sections.flatMap((section) => [[section.title], section.columns, ...section.rows, []]);
}
