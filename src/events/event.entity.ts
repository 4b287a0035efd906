import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Challenge } from '../challenges/challenge.entity';
import { Pilot } from '../pilots/pilot.entity';
import { Department } from '../users/department.entity';
import { User } from '../users/user.entity';
import { Room } from './room.entity';
import type { EventKind, EventStatus, PlaceKind } from './event-rules';

/**
 * An event of the innovation centre: a lecture, workshop, meeting, matchmaking or demo day, in
 * one of its rooms, at another address or online. A room is never double-booked: the exclusion
 * constraint refuses two events that are not cancelled in one room at overlapping times, in the
 * database itself, so concurrent bookings cannot both pass (btree_gist gives `=` on uuid to GiST).
 */
@Entity('events')
@Check('events_kind_known', `kind IN ('lecture','workshop','meeting','matchmaking','demo_day')`)
@Check('events_status_known', `status IN ('draft','published','cancelled','completed')`)
@Check('events_place_known', `place_kind IN ('room','address','online')`)
@Check(
  'events_place_complete',
  `(place_kind = 'room' AND room_id IS NOT NULL) OR (place_kind = 'address' AND address IS NOT NULL AND room_id IS NULL) OR (place_kind = 'online' AND online_url IS NOT NULL AND room_id IS NULL)`,
)
@Check('events_ends_after_start', `ends_at > starts_at`)
@Check(
  'events_registration_window',
  `registration_opens_at < registration_closes_at AND registration_closes_at <= starts_at`,
)
@Check('events_capacity_positive', `capacity >= 1`)
@Exclusion(
  'events_room_no_overlap',
  `USING gist ("room_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE (status <> 'cancelled' AND room_id IS NOT NULL)`,
)
@Index('events_starts', ['startsAt', 'id'])
@Index('events_challenge', ['challengeId'])
@Index('events_pilot', ['pilotId'])
export class Event {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  titleSv!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  titleEn!: string | null;

  @Column({ type: 'text' })
  descriptionSv!: string;

  @Column({ type: 'text', nullable: true })
  descriptionEn!: string | null;

  @Column({ type: 'varchar', length: 20 })
  kind!: EventKind;

  @Column({ type: 'timestamptz' })
  startsAt!: Date;

  @Column({ type: 'timestamptz' })
  endsAt!: Date;

  @Column({ type: 'varchar', length: 10 })
  placeKind!: PlaceKind;

  @Column({ type: 'uuid', nullable: true })
  roomId!: string | null;

  @ManyToOne(() => Room, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'events_room_fk' })
  room?: Room;

  @Column({ type: 'varchar', length: 300, nullable: true })
  address!: string | null;

  /** Shown only to registered participants and the organisers. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  onlineUrl!: string | null;

  @Column({ type: 'integer' })
  capacity!: number;

  @Column({ type: 'timestamptz' })
  registrationOpensAt!: Date;

  @Column({ type: 'timestamptz' })
  registrationClosesAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  challengeId!: string | null;

  @ManyToOne(() => Challenge, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'challenge_id', foreignKeyConstraintName: 'events_challenge_fk' })
  challenge?: Challenge;

  @Column({ type: 'uuid', nullable: true })
  pilotId!: string | null;

  @ManyToOne(() => Pilot, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pilot_id', foreignKeyConstraintName: 'events_pilot_fk' })
  pilot?: Pilot;

  /** The organising department; null: the innovation centre itself. */
  @Index('events_department')
  @Column({ type: 'uuid', nullable: true })
  departmentId!: string | null;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'events_department_fk' })
  department?: Department;

  @Column({ type: 'varchar', length: 20, default: 'draft' })
  status!: EventStatus;

  /** Optimistic concurrency for edits: `UPDATE ... WHERE version = $n`. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** RFC 5545 SEQUENCE: raised by every change a calendar must pick up once published. */
  @Column({ type: 'integer', default: 0 })
  sequence!: number;

  @Column({ type: 'uuid' })
  createdBy!: string;

  @ManyToOne(() => User, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'events_created_by_fk' })
  creator?: User;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
