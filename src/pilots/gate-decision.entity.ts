import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';
import type { Gate, GateOutcome } from './gate-rules';
import type { PilotStage, PilotStatus } from './pilot-stage';
import { Pilot } from './pilot.entity';

/** A recorded decision at a gate: the pilot's history is the sequence of these. */
@Entity('gate_decisions')
@Check('gate_decisions_gate_known', `gate IN ('time','money','scale','implement')`)
@Check('gate_decisions_outcome_known', `outcome IN ('go','hold','stop')`)
@Index('gate_decisions_pilot_decided', ['pilotId', 'decidedAt', 'id'])
export class GateDecision {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  pilotId!: string;

  @ManyToOne(() => Pilot, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pilot_id', foreignKeyConstraintName: 'gate_decisions_pilot_fk' })
  pilot?: Pilot;

  @Column({ type: 'varchar', length: 10 })
  gate!: Gate;

  @Column({ type: 'varchar', length: 5 })
  outcome!: GateOutcome;

  @Column({ type: 'varchar', length: 5000 })
  rationale!: string;

  @Column({ type: 'integer', nullable: true })
  grantedBudgetSek!: number | null;

  @Column({ type: 'varchar', length: 20 })
  fromStage!: PilotStage;

  @Column({ type: 'varchar', length: 20 })
  toStage!: PilotStage;

  @Column({ type: 'varchar', length: 20 })
  fromStatus!: PilotStatus;

  @Column({ type: 'varchar', length: 20 })
  toStatus!: PilotStatus;

  @Column({ type: 'uuid' })
  decidedBy!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by', foreignKeyConstraintName: 'gate_decisions_decided_by_fk' })
  decider?: User;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  decidedAt!: Date;
}
