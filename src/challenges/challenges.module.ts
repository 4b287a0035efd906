import { Module } from '@nestjs/common';
import { ChallengeCloser } from './challenge-closer';
import { ChallengesController } from './challenges.controller';
import { ChallengesRepository } from './challenges.repository';
import { ChallengesService } from './challenges.service';

@Module({
  controllers: [ChallengesController],
  providers: [ChallengesService, ChallengesRepository, ChallengeCloser],
  exports: [ChallengesService],
})
export class ChallengesModule {}
