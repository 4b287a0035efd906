import { Controller, Get, HttpCode } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth.decorators';
import { Unavailable } from '../common/errors';

export class HealthDto {
  status!: 'ok';
}

/** Probes for the load balancer and orchestrator; outside `/api/v1` and not rate limited. */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The process is up. */
  @Get('live')
  @HttpCode(200)
  live(): HealthDto {
    return { status: 'ok' };
  }

  /** The process can serve requests: the database answers within two seconds. 503 otherwise. */
  @Get('ready')
  async ready(): Promise<HealthDto> {
    try {
      await Promise.race([
        this.db.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database ping timed out')), 2000).unref()),
      ]);
      return { status: 'ok' };
    } catch {
      throw new Unavailable('The database is unreachable.');
    }
  }
}
