import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { OrganizationKind } from './org-number';

@Entity('organizations')
@Check('organizations_kind_known', `kind IN ('company','startup','association','academia','resident','public_sector')`)
@Check('organizations_resident_has_no_org_number', `kind <> 'resident' OR org_number IS NULL`)
// Name search, case- and accent-insensitive: a trigram index over unaccent(lower(name)),
// created by hand in the migration (TypeORM cannot describe expression indexes).
@Index('organizations_name_trgm', { synchronize: false })
export class Organization {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'varchar', length: 20 })
  kind!: OrganizationKind;

  @Index('organizations_org_number_unique', { unique: true })
  @Column({ type: 'varchar', length: 11, nullable: true })
  orgNumber!: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  website!: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  description!: string | null;

  @Column({ type: 'varchar', length: 320, nullable: true })
  contactEmail!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
