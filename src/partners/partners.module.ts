import { Module } from '@nestjs/common';
import { PartnersController } from './partners.controller';
import { PartnersService } from './partners.service';

/** Organisations (partners) and their members. */
@Module({ controllers: [PartnersController], providers: [PartnersService], exports: [PartnersService] })
export class PartnersModule {}
