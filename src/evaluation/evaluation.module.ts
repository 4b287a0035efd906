import { Module } from '@nestjs/common';
import { ChallengesModule } from '../challenges/challenges.module';
import { PilotsModule } from '../pilots/pilots.module';
import { ProposalsModule } from '../proposals/proposals.module';
import { AssignmentsRepository } from './assignments.repository';
import { EvaluationController } from './evaluation.controller';
import { EvaluationService } from './evaluation.service';
import { RankingService } from './ranking.service';

@Module({
  imports: [ChallengesModule, ProposalsModule, PilotsModule],
  controllers: [EvaluationController],
  providers: [EvaluationService, RankingService, AssignmentsRepository],
})
export class EvaluationModule {}
