import { Module } from '@nestjs/common';
import { PasswordHasher } from '../auth/password-hasher';
import { ReferenceDataController } from './reference-data.controller';
import { ReferenceDataService } from './reference-data.service';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  controllers: [UsersController, ReferenceDataController],
  providers: [UsersService, ReferenceDataService, PasswordHasher],
  exports: [UsersService, PasswordHasher],
})
export class UsersModule {}
