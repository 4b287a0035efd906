import { MigrationInterface, QueryRunner } from 'typeorm';

export class Notifications1795748277429 implements MigrationInterface {
  name = 'Notifications1795748277429';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "notifications" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recipient_id" uuid NOT NULL, "kind" character varying(50) NOT NULL, "entity_type" character varying(50) NOT NULL, "entity_id" uuid NOT NULL, "message" character varying(500) NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_notifications" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "notifications_recipient_created" ON "notifications"  ("recipient_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "notifications" ADD CONSTRAINT "notifications_recipient_fk" FOREIGN KEY ("recipient_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "notifications" DROP CONSTRAINT "notifications_recipient_fk"`);
    await queryRunner.query(`DROP INDEX "public"."notifications_recipient_created"`);
    await queryRunner.query(`DROP TABLE "notifications"`);
  }
}
