import { Module } from '@nestjs/common';
import { PasswordHasher } from '../auth/password-hasher';
import { ReferenceDataController } from './reference-data.controller';
import { ReferenceDataRepository } from './reference-data.repository';
import { ReferenceDataService } from './reference-data.service';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController, ReferenceDataController],
  providers: [UsersService, UsersRepository, ReferenceDataService, ReferenceDataRepository, PasswordHasher],
  exports: [UsersService, PasswordHasher],
})
export class UsersModule {}
