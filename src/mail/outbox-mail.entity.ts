import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A mail waiting to be sent. Written in the transaction of the change it tells about (so a rolled
 * back registration or invitation sends nothing), and deleted once delivered: the body may carry
 * a confirmation code, which should not outlive its delivery.
 */
@Entity('outbox_mails')
@Check('outbox_mails_recipient_lower_case', `recipient = lower(recipient)`)
@Index('outbox_mails_due', ['nextAttemptAt', 'id'])
export class OutboxMail {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 320 })
  recipient!: string;

  /** What the mail is for (`registration.confirm`, …): for logs and tests, never parsed. */
  @Column({ type: 'varchar', length: 50 })
  template!: string;

  /** Room for a template's text around the longest names (an organisation's is up to 200). */
  @Column({ type: 'varchar', length: 500 })
  subject!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
