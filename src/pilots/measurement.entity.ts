import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';
import { EffectGoal } from './effect-goal.entity';

/** A measurement of an effect goal (effekthemtagning). */
@Entity('measurements')
@Index('measurements_goal_measured', ['effectGoalId', 'measuredAt', 'createdAt'])
export class Measurement {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  effectGoalId!: string;

  @ManyToOne(() => EffectGoal, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'effect_goal_id', foreignKeyConstraintName: 'measurements_effect_goal_fk' })
  effectGoal?: EffectGoal;

  @Column({ type: 'double precision' })
  value!: number;

  @Column({ type: 'timestamptz' })
  measuredAt!: Date;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  note!: string | null;

  @Column({ type: 'uuid' })
  recordedBy!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'recorded_by', foreignKeyConstraintName: 'measurements_recorded_by_fk' })
  recorder?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
