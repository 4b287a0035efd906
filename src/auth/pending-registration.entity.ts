import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A self-registration waiting for its email to be confirmed. The account is created only from
 * the emailed code, so registering never reveals whether an address already has an account.
 * It holds no name or password: whoever holds the mailed code chooses them when confirming, so
 * nobody can plant a password on an address they cannot read (account pre-hijacking).
 * One row per address: registering again replaces the code.
 */
@Entity('pending_registrations')
@Check('pending_registrations_email_lower_case', `email = lower(email)`)
export class PendingRegistration {
  @PrimaryColumn({ type: 'varchar', length: 320 })
  email!: string;

  /** SHA-256 of the emailed code, hex: the code itself is never stored. */
  @Index('pending_registrations_code_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  codeHash!: string;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
