/** The city's testbed stages, in order (docs/product.md §1.1), and a pilot's statuses. */
export const PILOT_STAGES = ['explore_idea', 'explore_setup', 'develop_pilot', 'scale'] as const;
export type PilotStage = (typeof PILOT_STAGES)[number];

export const PILOT_STATUSES = ['active', 'on_hold', 'implemented', 'discontinued'] as const;
export type PilotStatus = (typeof PILOT_STATUSES)[number];
