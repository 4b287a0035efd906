import { Module } from '@nestjs/common';
import { ChallengeCloser } from './challenge-closer';
import { ChallengesController } from './challenges.controller';
import { ChallengesService } from './challenges.service';

@Module({
  controllers: [ChallengesController],
  providers: [ChallengesService, ChallengeCloser],
  exports: [ChallengesService],
})
export class ChallengesModule {}
