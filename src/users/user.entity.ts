import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Department } from './department.entity';
import type { Role } from './role';

@Entity('users')
@Check('users_email_lower_case', `email = lower(email)`)
@Check('users_roles_known', `roles <@ ARRAY['admin','director','department','evaluator','partner']::text[]`)
@Check('users_department_staff_have_department', `NOT ('department' = ANY (roles)) OR department_id IS NOT NULL`)
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('users_email_unique', { unique: true })
  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'text' })
  passwordHash!: string;

  @Column({ type: 'text', array: true, default: () => `'{partner}'` })
  roles!: Role[];

  @Index('users_department_id')
  @Column({ type: 'uuid', nullable: true })
  departmentId!: string | null;

  @ManyToOne(() => Department, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'department_id', foreignKeyConstraintName: 'users_department_fk' })
  department?: Department;

  @Column({ type: 'boolean', default: false })
  disabled!: boolean;

  /**
   * Every token and session cookie carries the version it was issued at; raising it (password
   * change or reset, disabling, "sign out everywhere") revokes all that were issued before.
   */
  @Column({ type: 'integer', default: 0 })
  sessionVersion!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
