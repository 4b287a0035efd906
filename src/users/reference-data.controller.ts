import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { UuidParam } from '../common/uuid-param';
import {
  CreateDepartmentDto,
  CreateWelfareAreaDto,
  DepartmentDto,
  UpdateDepartmentDto,
  UpdateWelfareAreaDto,
  WelfareAreaDto,
} from './dto/reference-data.dto';
import { ReferenceDataService } from './reference-data.service';

@ApiTags('reference data')
@Controller()
export class ReferenceDataController {
  constructor(private readonly referenceData: ReferenceDataService) {}

  /** The city's departments (förvaltningar). Public. */
  @Public()
  @Get('departments')
  departments(): Promise<DepartmentDto[]> {
    return this.referenceData.departments();
  }

  /** Adds a department. Admins only. */
  @ApiBearerAuth()
  @Roles('admin')
  @Post('departments')
  createDepartment(@CurrentUser() user: AuthUser, @Body() dto: CreateDepartmentDto): Promise<DepartmentDto> {
    return this.referenceData.createDepartment(user, dto);
  }

  /** Renames a department (its slug stays). Admins only. */
  @ApiBearerAuth()
  @Roles('admin')
  @Patch('departments/:id')
  updateDepartment(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: UpdateDepartmentDto,
  ): Promise<DepartmentDto> {
    return this.referenceData.updateDepartment(user, id, dto);
  }

  /** The welfare areas challenges are filed under. Public. */
  @Public()
  @Get('welfare-areas')
  welfareAreas(): Promise<WelfareAreaDto[]> {
    return this.referenceData.welfareAreas();
  }

  /** Adds a welfare area. Admins only. */
  @ApiBearerAuth()
  @Roles('admin')
  @Post('welfare-areas')
  createWelfareArea(@CurrentUser() user: AuthUser, @Body() dto: CreateWelfareAreaDto): Promise<WelfareAreaDto> {
    return this.referenceData.createWelfareArea(user, dto);
  }

  /** Corrects a welfare area's Swedish or English name (its code stays). Admins only. */
  @ApiBearerAuth()
  @Roles('admin')
  @Patch('welfare-areas/:code')
  updateWelfareArea(
    @CurrentUser() user: AuthUser,
    @Param('code') code: string,
    @Body() dto: UpdateWelfareAreaDto,
  ): Promise<WelfareAreaDto> {
    return this.referenceData.updateWelfareArea(user, code, dto);
  }
}
