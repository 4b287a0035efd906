import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The request counter of one client on one route in the current rate-limit window. In
 * PostgreSQL (not process memory) when the API runs on a real server, so that every instance
 * behind a load balancer counts the same requests.
 */
@Entity('rate_limit_counters')
@Index('rate_limit_counters_window', ['windowStart'])
export class RateLimitCounter {
  /** `METHOD /route|client-ip`. */
  @PrimaryColumn({ type: 'varchar', length: 600 })
  key!: string;

  @Column({ type: 'timestamptz' })
  windowStart!: Date;

  @Column({ type: 'integer' })
  count!: number;
}
