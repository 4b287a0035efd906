import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { User } from '../users/user.entity';
import type { MemberRole } from './membership.entity';
import { Organization } from './organization.entity';

/**
 * An owner's invitation of an email address to an organisation. Membership starts only when the
 * person signed in with that (confirmed) address accepts, so nobody is added without consent and
 * inviting tells the owner nothing about which addresses have accounts.
 */
@Entity('organization_invitations')
@Check('organization_invitations_role_known', `role IN ('owner','member')`)
@Check('organization_invitations_email_lower_case', `email = lower(email)`)
@Index('organization_invitations_org_email', ['organizationId', 'email'], { unique: true })
@Index('organization_invitations_email', ['email'])
export class OrganizationInvitation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'organization_invitations_organization_fk' })
  organization?: Organization;

  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ type: 'varchar', length: 10 })
  role!: MemberRole;

  @Column({ type: 'uuid' })
  invitedBy!: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invited_by', foreignKeyConstraintName: 'organization_invitations_invited_by_fk' })
  inviter?: User;

  @Column({ type: 'timestamptz' })
  expiresAt!: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
