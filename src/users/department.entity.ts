import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('departments')
export class Department {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('departments_name_unique', { unique: true })
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Index('departments_slug_unique', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  slug!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
