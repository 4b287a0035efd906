import { MigrationInterface, QueryRunner } from 'typeorm';

export class RateLimitCounters1795749206293 implements MigrationInterface {
  name = 'RateLimitCounters1795749206293';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rate_limit_counters" ("key" character varying(600) NOT NULL, "window_start" TIMESTAMP WITH TIME ZONE NOT NULL, "count" integer NOT NULL, CONSTRAINT "pk_rate_limit_counters" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(`CREATE INDEX "rate_limit_counters_window" ON "rate_limit_counters"  ("window_start") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."rate_limit_counters_window"`);
    await queryRunner.query(`DROP TABLE "rate_limit_counters"`);
  }
}
