import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';
import type { NotificationData } from './notification-data';
import type { NotificationKind } from './notification-kinds';

/** An in-app notification, written in the same transaction as the change it tells about. */
@Entity('notifications')
@Index('notifications_recipient_created', ['recipientId', 'createdAt', 'id'])
export class Notification {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  recipientId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recipient_id', foreignKeyConstraintName: 'notifications_recipient_fk' })
  recipient?: User;

  @Column({ type: 'varchar', length: 50 })
  kind!: NotificationKind;

  @Column({ type: 'varchar', length: 50 })
  entityType!: string;

  @Column({ type: 'uuid' })
  entityId!: string;

  @Column({ type: 'varchar', length: 500 })
  message!: string;

  /** The facts the message is made of, so a reader's screen can say it in their language. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  data!: NotificationData;

  @Column({ type: 'timestamptz', nullable: true })
  readAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
