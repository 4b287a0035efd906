import { MigrationInterface, QueryRunner } from 'typeorm';

export class NotificationData1796624256036 implements MigrationInterface {
  name = 'NotificationData1796624256036';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" ADD "data" jsonb NOT NULL DEFAULT '{}'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "data"`);
  }
}
