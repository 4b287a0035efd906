import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { UuidParam } from '../common/uuid-param';
import { CreateUserDto, ListUsersQueryDto, UpdateUserDto, UserDto, UserPageDto } from './dto/user.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Admins: every user. Department staff and directors: `role=evaluator` only, as id and name. */
  @Roles('admin', 'department', 'director')
  @Get()
  list(@CurrentUser() user: AuthUser, @Query() query: ListUsersQueryDto): Promise<UserPageDto> {
    return this.users.list(user, query);
  }

  /** Creates an account with any roles. Admins only. */
  @Roles('admin')
  @Post()
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.users.create(user, dto);
  }

  /** Changes roles, department or the disabled flag. Disabling revokes the user's tokens at once. */
  @Roles('admin')
  @Patch(':id')
  update(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.users.update(user, id, dto);
  }
}
