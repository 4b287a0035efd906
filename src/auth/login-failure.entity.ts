import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One failed login. Kept in PostgreSQL (not process memory) so that every instance behind a
 * load balancer counts the same failures.
 */
@Entity('login_failures')
@Index('login_failures_email_time', ['email', 'occurredAt'])
@Index('login_failures_ip_time', ['ip', 'occurredAt'])
export class LoginFailure {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ type: 'varchar', length: 64 })
  ip!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt!: Date;
}
