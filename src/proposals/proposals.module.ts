import { Module } from '@nestjs/common';
import { ChallengesModule } from '../challenges/challenges.module';
import { ConflictsModule } from '../evaluation/conflicts.module';
import { PartnersModule } from '../partners/partners.module';
import { ConsortiumService } from './consortium.service';
import { ProposalsController } from './proposals.controller';
import { ProposalsRepository } from './proposals.repository';
import { ProposalsService } from './proposals.service';

@Module({
  imports: [ChallengesModule, PartnersModule, ConflictsModule],
  controllers: [ProposalsController],
  providers: [ProposalsService, ProposalsRepository, ConsortiumService],
  exports: [ProposalsService],
})
export class ProposalsModule {}
