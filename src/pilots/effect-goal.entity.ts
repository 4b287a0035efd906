import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';
import type { GoalDirection } from './gate-rules';
import { Pilot } from './pilot.entity';

/** An effect goal (effektmål): set before money is granted, measured during the pilot. */
@Entity('effect_goals')
@Check('effect_goals_direction_known', `direction IN ('increase','decrease')`)
@Check(
  'effect_goals_target_in_direction',
  `(direction = 'increase' AND target > baseline) OR (direction = 'decrease' AND target < baseline)`,
)
@Index('effect_goals_pilot', ['pilotId', 'createdAt'])
export class EffectGoal {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  pilotId!: string;

  @ManyToOne(() => Pilot, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pilot_id', foreignKeyConstraintName: 'effect_goals_pilot_fk' })
  pilot?: Pilot;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 50 })
  unit!: string;

  @Column({ type: 'double precision' })
  baseline!: number;

  @Column({ type: 'double precision' })
  target!: number;

  @Column({ type: 'varchar', length: 10 })
  direction!: GoalDirection;

  @Column({ type: 'uuid' })
  createdBy!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'effect_goals_created_by_fk' })
  creator?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
