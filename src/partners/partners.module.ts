import { Module } from '@nestjs/common';
import { ConflictsModule } from '../evaluation/conflicts.module';
import { InvitationsController } from './invitations.controller';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';
import { PartnersController } from './partners.controller';
import { PartnersRepository } from './partners.repository';
import { PartnersService } from './partners.service';

/** Organisations (partners), their members and invitations. */
@Module({
  imports: [ConflictsModule],
  controllers: [PartnersController, InvitationsController],
  providers: [PartnersService, PartnersRepository, InvitationsService, InvitationsRepository],
  exports: [PartnersService],
})
export class PartnersModule {}
