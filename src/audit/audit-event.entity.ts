import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only record of a change, written in the same transaction as the change. */
@Entity('audit_events')
@Index('audit_events_entity', ['entityType', 'entityId', 'occurredAt'])
@Index('audit_events_actor', ['actorId', 'occurredAt'])
@Index('audit_events_time', ['occurredAt', 'id'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  occurredAt!: Date;

  /** Null for the system itself (scheduled jobs, bootstrap). */
  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 100 })
  action!: string;

  @Column({ type: 'varchar', length: 50 })
  entityType!: string;

  @Column({ type: 'varchar', length: 100 })
  entityId!: string;

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;
}
