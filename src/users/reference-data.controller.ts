import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Public, Roles } from '../common/auth.decorators';
import type { AuthUser } from '../common/auth.decorators';
import { CreateDepartmentDto, CreateWelfareAreaDto, DepartmentDto, WelfareAreaDto } from './dto/reference-data.dto';
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
}
