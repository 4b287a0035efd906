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
import { Proposal } from '../proposals/proposal.entity';
import { User } from '../users/user.entity';
import type { AssignmentStatus } from './review-rules';

/** An evaluator assigned to a submitted proposal, with their conflict-of-interest declaration (jäv). */
@Entity('assignments')
@Check('assignments_status_known', `status IN ('assigned','recused','submitted')`)
@Check('assignments_declaration_complete', `(declared_at IS NULL) = (conflict IS NULL)`)
@Check('assignments_recused_iff_conflict', `(status = 'recused') = (conflict IS TRUE)`)
@Check('assignments_conflict_has_reason', `conflict IS NOT TRUE OR conflict_reason IS NOT NULL`)
@Index('assignments_proposal_evaluator_unique', ['proposalId', 'evaluatorId'], { unique: true })
@Index('assignments_evaluator_created', ['evaluatorId', 'createdAt', 'id'])
export class Assignment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  proposalId!: string;

  @ManyToOne(() => Proposal, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'assignments_proposal_fk' })
  proposal?: Proposal;

  @Column({ type: 'uuid' })
  evaluatorId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'evaluator_id', foreignKeyConstraintName: 'assignments_evaluator_fk' })
  evaluator?: User;

  @Column({ type: 'varchar', length: 10, default: 'assigned' })
  status!: AssignmentStatus;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt!: Date | null;

  /** Null until declared; true recuses the evaluator. */
  @Column({ type: 'boolean', nullable: true })
  conflict!: boolean | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  conflictReason!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  declaredAt!: Date | null;

  @Column({ type: 'uuid' })
  assignedBy!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'assigned_by', foreignKeyConstraintName: 'assignments_assigned_by_fk' })
  assigner?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
