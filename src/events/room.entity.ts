import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A room of the innovation centre in Oceanhamnen: reference data, added by admins. */
@Entity('rooms')
@Check('rooms_capacity_positive', `capacity >= 1`)
export class Room {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('rooms_name_unique', { unique: true })
  @Column({ type: 'varchar', length: 120 })
  name!: string;

  @Column({ type: 'integer' })
  capacity!: number;

  /** Step-free access, hearing loop, … as free text. */
  @Column({ type: 'text', nullable: true })
  accessibilityNotes!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
