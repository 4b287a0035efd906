import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  OneToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Assignment } from './assignment.entity';
import type { Recommendation, Score } from './review-rules';

/** One review per assignment: a draft until `submittedAt`, then immutable. */
@Entity('reviews')
@Check('reviews_recommendation_known', `recommendation IS NULL OR recommendation IN ('yes','maybe','no')`)
@Check('reviews_submitted_has_recommendation', `submitted_at IS NULL OR recommendation IS NOT NULL`)
@Check('reviews_scores_is_array', `jsonb_typeof(scores) = 'array'`)
export class Review {
  @PrimaryColumn({ type: 'uuid' })
  assignmentId!: string;

  @OneToOne(() => Assignment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'assignment_id', foreignKeyConstraintName: 'reviews_assignment_fk' })
  assignment?: Assignment;

  /** `[{criterionId, score, comment}]`, scores integers 0–5. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  scores!: Score[];

  @Column({ type: 'varchar', length: 5000, nullable: true })
  comment!: string | null;

  @Column({ type: 'varchar', length: 5, nullable: true })
  recommendation!: Recommendation | null;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  /**
   * A submitted review's weighted total, 0–100, from the challenge's criteria weights (the ranking's
   * `total`, docs/product.md §3.4.6). Kept by the trigger `review_total` when the review is
   * submitted (the criteria are locked from then on); never written by the application.
   */
  @Column({ type: 'double precision', nullable: true, insert: false, update: false })
  total!: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
