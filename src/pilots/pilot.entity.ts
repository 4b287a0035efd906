import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Challenge } from '../challenges/challenge.entity';
import { Proposal } from '../proposals/proposal.entity';
import { Department } from '../users/department.entity';
import type { PilotStage, PilotStatus } from './pilot-stage';

/** Created when a proposal is accepted; moved through the stages by gate decisions (a later issue). */
@Entity('pilots')
@Check('pilots_stage_known', `stage IN ('explore_idea','explore_setup','develop_pilot','scale')`)
@Check('pilots_status_known', `status IN ('active','on_hold','implemented','discontinued')`)
@Check('pilots_budget_not_negative', `granted_budget_sek IS NULL OR granted_budget_sek >= 0`)
@Index('pilots_created', ['createdAt', 'id'])
@Index('pilots_department_created', ['departmentId', 'createdAt', 'id'])
@Index('pilots_challenge', ['challengeId'])
// The pipeline's median days in stage and stalled pilots (migration PipelineCounts: partial indexes on open pilots).
@Index('pilots_open_stage_entered', { synchronize: false })
@Index('pilots_open_department_stage_entered', { synchronize: false })
@Index('pilots_open_last_decision', { synchronize: false })
@Index('pilots_open_department_last_decision', { synchronize: false })
export class Pilot {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** One pilot per accepted proposal: the unique index settles concurrent acceptances. */
  @Index('pilots_proposal_unique', { unique: true })
  @Column({ type: 'uuid' })
  proposalId!: string;

  @ManyToOne(() => Proposal, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'pilots_proposal_fk' })
  proposal?: Proposal;

  @Column({ type: 'uuid' })
  challengeId!: string;

  @ManyToOne(() => Challenge, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'challenge_id', foreignKeyConstraintName: 'pilots_challenge_fk' })
  challenge?: Challenge;

  @Column({ type: 'uuid' })
  departmentId!: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'pilots_department_fk' })
  department?: Department;

  @Column({ type: 'varchar', length: 20, default: 'explore_idea' })
  stage!: PilotStage;

  @Column({ type: 'varchar', length: 20, default: 'active' })
  status!: PilotStatus;

  @Column({ type: 'integer', nullable: true })
  grantedBudgetSek!: number | null;

  /** Optimistic concurrency for gate decisions: `UPDATE ... WHERE version = $n`. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  stageEnteredAt!: Date;

  /** The latest gate decision's time (null before the first); kept by a trigger on gate_decisions. */
  @Column({ type: 'timestamptz', nullable: true, update: false, insert: false })
  lastDecisionAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
