import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ChallengesModule } from './challenges/challenges.module';
import { APP_CONFIG, AppConfig } from './config/config';
import { dataSourceOptions } from './database/data-source-options';
import { migrate } from './database/migrate';
import { EvaluationModule } from './evaluation/evaluation.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { MailModule } from './mail/mail.module';
import { NotificationsModule } from './notifications/notifications.module';
import { PartnersModule } from './partners/partners.module';
import { PilotsModule } from './pilots/pilots.module';
import { PipelineModule } from './pipeline/pipeline.module';
import { ProposalsModule } from './proposals/proposals.module';
import { UsersModule } from './users/users.module';

@Global()
@Module({})
class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] };
  }
}

/**
 * The application for a resolved database URL (the embedded database, if any, is started by the
 * caller). Pending migrations run before any module touches the database.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, databaseUrl: string, poolSize: number): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          // The timeouts bound every request's queries on a real server (PGlite cannot cancel one).
          useFactory: () => dataSourceOptions(databaseUrl, poolSize, config.databaseUrl ? config.database : undefined),
          dataSourceFactory: async (options) => {
            // Migrations, and the wait for another instance's, may take longer than a request may:
            // they run on connections of their own (two: the advisory lock holds one), without the timeouts.
            const migrator = await new DataSource(dataSourceOptions(databaseUrl, 2)).initialize();
            try {
              await migrate(migrator);
            } finally {
              await migrator.destroy();
            }
            return new DataSource(options!).initialize();
          },
        }),
        AuditModule,
        NotificationsModule,
        MailModule,
        UsersModule,
        AuthModule,
        HealthModule,
        PartnersModule,
        ChallengesModule,
        ProposalsModule,
        EvaluationModule,
        PilotsModule,
        PipelineModule,
        EventsModule,
      ],
    };
  }
}
