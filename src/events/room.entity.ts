import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A room of the innovation centre in Oceanhamnen: reference data, added by admins. */
@Entity('rooms')
@Check('rooms_capacity_positive', `capacity >= 1`)
export class Room {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Unique among the rooms in use: a retired room's name can be given to a new one. */
  @Index('rooms_name_unique', { unique: true, where: 'retired_at IS NULL' })
  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'integer' })
  capacity!: number;

  /** Step-free access, hearing loop, … as free text. */
  @Column({ type: 'text', nullable: true })
  accessibilityNotes!: string | null;

  /** Set when an admin deletes a room that past events name: kept for them, never booked again. */
  @Column({ type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
