import { Module } from '@nestjs/common';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { PartnersController } from './partners.controller';
import { PartnersService } from './partners.service';

/** Organisations (partners), their members and invitations. */
@Module({
  controllers: [PartnersController, InvitationsController],
  providers: [PartnersService, InvitationsService],
  exports: [PartnersService],
})
export class PartnersModule {}
