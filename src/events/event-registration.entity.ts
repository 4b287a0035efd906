import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Organization } from '../partners/organization.entity';
import { User } from '../users/user.entity';
import { Event } from './event.entity';
import type { RegistrationStatus } from './event-rules';

/**
 * A person's place at an event: `registered` (within capacity), `waiting` (in arrival order) or
 * `cancelled`. Decided under a lock of the event row, so capacity is never exceeded.
 */
@Entity('event_registrations')
@Check('event_registrations_status_known', `status IN ('registered','waiting','cancelled')`)
@Index('event_registrations_one_active', ['eventId', 'userId'], { unique: true, where: `status <> 'cancelled'` })
@Index('event_registrations_event_arrival', ['eventId', 'arrival'])
@Index('event_registrations_user', ['userId'])
export class EventRegistration {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  eventId!: string;

  @ManyToOne(() => Event, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'event_id', foreignKeyConstraintName: 'event_registrations_event_fk' })
  event?: Event;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'event_registrations_user_fk' })
  user?: User;

  /** Registered on behalf of one of the person's organisations. */
  @Column({ type: 'uuid', nullable: true })
  organizationId!: string | null;

  @ManyToOne(() => Organization, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'event_registrations_organization_fk' })
  organization?: Organization;

  /** Dietary or accessibility needs: seen only by the organisers. */
  @Column({ type: 'text', nullable: true })
  needs!: string | null;

  @Column({ type: 'varchar', length: 20 })
  status!: RegistrationStatus;

  /** Arrival order, assigned under the event's lock: the waiting list is ordered by it. */
  @Column({ type: 'bigint', generated: 'increment' })
  arrival!: string;

  @Column({ type: 'timestamptz', nullable: true })
  attendedAt!: Date | null;

  /** Set by the one reminder run that mails this person (a conditional UPDATE: exactly once). */
  @Column({ type: 'timestamptz', nullable: true })
  remindedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  promotedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
