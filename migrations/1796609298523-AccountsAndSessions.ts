import { MigrationInterface, QueryRunner } from 'typeorm';

export class AccountsAndSessions1796609298523 implements MigrationInterface {
  name = 'AccountsAndSessions1796609298523';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "account_codes" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "purpose" character varying(32) NOT NULL, "new_email" character varying(320), "code_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "account_codes_new_email_for_email_change" CHECK ((purpose = 'email-change') = (new_email IS NOT NULL)), CONSTRAINT "account_codes_purpose_known" CHECK (purpose IN ('password-reset', 'email-change')), CONSTRAINT "pk_account_codes" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "account_codes_code_hash" ON "account_codes"  ("code_hash") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "account_codes_user_purpose" ON "account_codes"  ("user_id", "purpose") `,
    );
    await queryRunner.query(`ALTER TABLE "pending_registrations" DROP COLUMN "name"`);
    await queryRunner.query(`ALTER TABLE "pending_registrations" DROP COLUMN "password_hash"`);
    await queryRunner.query(`ALTER TABLE "users" ADD "session_version" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `ALTER TABLE "account_codes" ADD CONSTRAINT "account_codes_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Pending registrations without a password cannot go back to the old shape: they are dropped.
    await queryRunner.query(`DELETE FROM "pending_registrations"`);
    await queryRunner.query(`ALTER TABLE "account_codes" DROP CONSTRAINT "account_codes_user_fk"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "session_version"`);
    await queryRunner.query(`ALTER TABLE "pending_registrations" ADD "password_hash" text NOT NULL`);
    await queryRunner.query(`ALTER TABLE "pending_registrations" ADD "name" character varying(100) NOT NULL`);
    await queryRunner.query(`DROP INDEX "public"."account_codes_user_purpose"`);
    await queryRunner.query(`DROP INDEX "public"."account_codes_code_hash"`);
    await queryRunner.query(`DROP TABLE "account_codes"`);
  }
}
