import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Organization } from '../partners/organization.entity';
import type { PartnerStatus } from './proposal-state';
import { Proposal } from './proposal.entity';

/** A partner organisation of a proposal's consortium: invited by the lead, then confirmed by an owner. */
@Entity('proposal_partners')
@Check('proposal_partners_status_known', `status IN ('invited','confirmed')`)
@Check('proposal_partners_confirmed_has_time', `status = 'invited' OR confirmed_at IS NOT NULL`)
@Index('proposal_partners_organization', ['organizationId', 'proposalId'])
export class ProposalPartner {
  @PrimaryColumn({ type: 'uuid' })
  proposalId!: string;

  @ManyToOne(() => Proposal, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'proposal_id', foreignKeyConstraintName: 'proposal_partners_proposal_fk' })
  proposal?: Proposal;

  @PrimaryColumn({ type: 'uuid' })
  organizationId!: string;

  @ManyToOne(() => Organization, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'proposal_partners_organization_fk' })
  organization?: Organization;

  @Column({ type: 'varchar', length: 10, default: 'invited' })
  status!: PartnerStatus;

  @Column({ type: 'uuid', nullable: true })
  confirmedBy!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  confirmedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  invitedAt!: Date;
}
