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
import { Department } from '../users/department.entity';
import { User } from '../users/user.entity';
import { WelfareArea } from '../users/welfare-area.entity';
import type { ChallengeStatus } from './challenge-state';
import type { Criterion } from './criteria';

@Entity('challenges')
@Check('challenges_status_known', `status IN ('draft','published','closed','archived')`)
@Check('challenges_published_has_deadline', `status = 'draft' OR submission_deadline IS NOT NULL`)
@Check('challenges_budget_not_negative', `budget_sek IS NULL OR budget_sek >= 0`)
@Check('challenges_sdgs_known', `sdgs <@ '{1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17}'::smallint[]`)
@Check('challenges_criteria_is_array', `jsonb_typeof(criteria) = 'array'`)
// Lists are newest first, optionally narrowed to a department or an area: keyset over (created_at, id).
@Index('challenges_created', ['createdAt', 'id'])
@Index('challenges_department_created', ['departmentId', 'createdAt', 'id'])
@Index('challenges_area_created', ['welfareAreaCode', 'createdAt', 'id'])
// Hand-written in the migration (TypeORM cannot describe GIN or partial indexes): tag and SDG
// filters, and the auto-close job's scan of open deadlines. Full-text search has its own narrow
// table, `challenge_search`, kept by a trigger (migration ChallengeSearch).
@Index('challenges_tags', { synchronize: false })
@Index('challenges_sdgs', { synchronize: false })
@Index('challenges_open_deadline', { synchronize: false })
export class Challenge {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'varchar', length: 1000 })
  summary!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'varchar', length: 50 })
  welfareAreaCode!: string;

  @ManyToOne(() => WelfareArea, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'welfare_area_code', foreignKeyConstraintName: 'challenges_welfare_area_fk' })
  welfareArea?: WelfareArea;

  @Column({ type: 'uuid' })
  departmentId!: string;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'challenges_department_fk' })
  department?: Department;

  @Column({ type: 'varchar', length: 20, default: 'draft' })
  status!: ChallengeStatus;

  @Column({ type: 'timestamptz', nullable: true })
  submissionDeadline!: Date | null;

  /** Integer SEK; `integer` caps a single challenge's budget at 2 147 483 647 SEK. */
  @Column({ type: 'integer', nullable: true })
  budgetSek!: number | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  testbedSite!: string | null;

  @Column({ type: 'varchar', length: 5000, nullable: true })
  expectedEffects!: string | null;

  /** UN Sustainable Development Goals, 1–17. */
  @Column({ type: 'smallint', array: true, default: () => `'{}'` })
  sdgs!: number[];

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  tags!: string[];

  @Column({ type: 'boolean', default: true })
  blindReview!: boolean;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  criteria!: Criterion[];

  /**
   * Set (in the same transaction) when the first review of a proposal to this challenge is
   * submitted; from then on the criteria are frozen, because scores refer to them.
   */
  @Column({ type: 'timestamptz', nullable: true })
  criteriaLockedAt!: Date | null;

  @Column({ type: 'uuid' })
  createdBy!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'challenges_created_by_fk' })
  creator?: User;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
