import { MigrationInterface, QueryRunner } from 'typeorm';

export class PilotsCreatedIndex1795749670570 implements MigrationInterface {
  name = 'PilotsCreatedIndex1795749670570';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "pilots_created" ON "pilots"  ("created_at", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."pilots_created"`);
  }
}
