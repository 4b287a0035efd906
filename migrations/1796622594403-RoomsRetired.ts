import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rooms are retired, not erased, when past events name them (DELETE /rooms/{id}): `retired_at`,
 * and the unique name counts only the rooms in use, so a retired room's name can be reused.
 * (TypeORM does not compare an index's WHERE: the index statements are written by hand.)
 */
export class RoomsRetired1796622594403 implements MigrationInterface {
  name = 'RoomsRetired1796622594403';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rooms" ADD "retired_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`DROP INDEX "public"."rooms_name_unique"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "rooms_name_unique" ON "rooms" ("name") WHERE retired_at IS NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."rooms_name_unique"`);
    await queryRunner.query(
      `DELETE FROM "rooms" WHERE retired_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM events WHERE room_id = rooms.id)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "rooms_name_unique" ON "rooms" ("name") `);
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "retired_at"`);
  }
}
