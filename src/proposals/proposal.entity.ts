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
import { Organization } from '../partners/organization.entity';
import { User } from '../users/user.entity';
import type { ProposalStatus } from './proposal-state';

@Entity('proposals')
@Check('proposals_status_known', `status IN ('draft','submitted','withdrawn','accepted','rejected')`)
@Check('proposals_submitted_has_time', `status = 'draft' OR submitted_at IS NOT NULL`)
@Check('proposals_budget_not_negative', `requested_budget_sek >= 0`)
@Check('proposals_duration_range', `duration_months BETWEEN 1 AND 60`)
@Check('proposals_trl_range', `trl IS NULL OR trl BETWEEN 1 AND 9`)
@Check('proposals_decided_iff_decision', `(status IN ('accepted','rejected')) = (decided_at IS NOT NULL)`)
@Check('proposals_decision_complete', `(decided_at IS NULL) = (decision_reason IS NULL AND decided_by IS NULL)`)
// Lists are newest first: per challenge (staff), per lead organisation (partners), overall (directors).
@Index('proposals_challenge_created', ['challengeId', 'createdAt', 'id'])
@Index('proposals_lead_created', ['leadOrganizationId', 'createdAt', 'id'])
@Index('proposals_created', ['createdAt', 'id'])
export class Proposal {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  challengeId!: string;

  @ManyToOne(() => Challenge, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'challenge_id', foreignKeyConstraintName: 'proposals_challenge_fk' })
  challenge?: Challenge;

  @Column({ type: 'uuid' })
  leadOrganizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_organization_id', foreignKeyConstraintName: 'proposals_lead_organization_fk' })
  leadOrganization?: Organization;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'varchar', length: 1000 })
  summary!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'varchar', length: 5000, nullable: true })
  expectedEffects!: string | null;

  @Column({ type: 'integer' })
  requestedBudgetSek!: number;

  @Column({ type: 'smallint' })
  durationMonths!: number;

  /** Technology readiness level, 1–9. */
  @Column({ type: 'smallint', nullable: true })
  trl!: number | null;

  @Column({ type: 'varchar', length: 20, default: 'draft' })
  status!: ProposalStatus;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  /** The decision (`accepted` / `rejected` is the status): why, by whom, when. */
  @Column({ type: 'varchar', length: 5000, nullable: true })
  decisionReason!: string | null;

  @Column({ type: 'uuid', nullable: true })
  decidedBy!: string | null;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by', foreignKeyConstraintName: 'proposals_decided_by_fk' })
  decider?: User;

  @Column({ type: 'timestamptz', nullable: true })
  decidedAt!: Date | null;

  @Column({ type: 'uuid' })
  createdBy!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'proposals_created_by_fk' })
  creator?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
