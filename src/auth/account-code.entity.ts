import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';

/** What a mailed account code does when it comes back. */
export type AccountCodePurpose = 'password-reset' | 'email-change';

/**
 * A single-use code mailed for an account change: a password reset, or an email change (to the
 * new address). Only the SHA-256 of the code is stored. One live code per user and purpose: a
 * new request replaces the older code, and using a code deletes it.
 */
@Entity('account_codes')
@Index('account_codes_user_purpose', ['userId', 'purpose'], { unique: true })
@Check('account_codes_purpose_known', `purpose IN ('password-reset', 'email-change')`)
@Check('account_codes_new_email_for_email_change', `(purpose = 'email-change') = (new_email IS NOT NULL)`)
export class AccountCode {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'account_codes_user_fk' })
  user?: User;

  @Column({ type: 'varchar', length: 32 })
  purpose!: AccountCodePurpose;

  /** The address an email change moves to (lower case); null for a password reset. */
  @Column({ type: 'varchar', length: 320, nullable: true })
  newEmail!: string | null;

  /** SHA-256 of the mailed code, hex. */
  @Index('account_codes_code_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  codeHash!: string;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
