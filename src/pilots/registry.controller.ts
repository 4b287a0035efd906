import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth.decorators';
import { RegistryPageDto, RegistryQueryDto } from './dto/pilot.dto';
import { RegistryService } from './registry.service';

@ApiTags('registry')
@Controller('public/pilots')
export class RegistryController {
  constructor(private readonly registry: RegistryService) {}

  /** The public registry of pilots (no sign-in): what the city tests, at which stage, with what effect. No personal data. */
  @Public()
  @Get()
  list(@Query() query: RegistryQueryDto): Promise<RegistryPageDto> {
    return this.registry.registry(query);
  }
}
