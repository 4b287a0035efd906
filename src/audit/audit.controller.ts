import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth.decorators';
import { AuditService } from './audit.service';
import { AuditPageDto, ListAuditQueryDto } from './dto/audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The audit trail, newest first (admins and directors). */
  @Roles('admin', 'director')
  @Get()
  list(@Query() query: ListAuditQueryDto): Promise<AuditPageDto> {
    return this.audit.list(query);
  }
}
