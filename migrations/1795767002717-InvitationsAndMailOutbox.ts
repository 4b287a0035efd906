import { MigrationInterface, QueryRunner } from 'typeorm';

export class InvitationsAndMailOutbox1795767002717 implements MigrationInterface {
  name = 'InvitationsAndMailOutbox1795767002717';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "pending_registrations" ("email" character varying(320) NOT NULL, "name" character varying(100) NOT NULL, "password_hash" text NOT NULL, "code_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pending_registrations_email_lower_case" CHECK (email = lower(email)), CONSTRAINT "pk_pending_registrations" PRIMARY KEY ("email"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "pending_registrations_code_hash" ON "pending_registrations"  ("code_hash") `,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox_mails" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "recipient" character varying(320) NOT NULL, "template" character varying(50) NOT NULL, "subject" character varying(500) NOT NULL, "body" text NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "outbox_mails_recipient_lower_case" CHECK (recipient = lower(recipient)), CONSTRAINT "pk_outbox_mails" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "outbox_mails_due" ON "outbox_mails"  ("next_attempt_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "organization_invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organization_id" uuid NOT NULL, "email" character varying(320) NOT NULL, "role" character varying(10) NOT NULL, "invited_by" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "organization_invitations_email_lower_case" CHECK (email = lower(email)), CONSTRAINT "organization_invitations_role_known" CHECK (role IN ('owner','member')), CONSTRAINT "pk_organization_invitations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "organization_invitations_email" ON "organization_invitations"  ("email") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "organization_invitations_org_email" ON "organization_invitations"  ("organization_id", "email") `,
    );
    await queryRunner.query(
      `ALTER TABLE "organization_invitations" ADD CONSTRAINT "organization_invitations_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "organization_invitations" ADD CONSTRAINT "organization_invitations_invited_by_fk" FOREIGN KEY ("invited_by") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "organization_invitations" DROP CONSTRAINT "organization_invitations_invited_by_fk"`,
    );
    await queryRunner.query(
      `ALTER TABLE "organization_invitations" DROP CONSTRAINT "organization_invitations_organization_fk"`,
    );
    await queryRunner.query(`DROP INDEX "public"."organization_invitations_org_email"`);
    await queryRunner.query(`DROP INDEX "public"."organization_invitations_email"`);
    await queryRunner.query(`DROP TABLE "organization_invitations"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_mails_due"`);
    await queryRunner.query(`DROP TABLE "outbox_mails"`);
    await queryRunner.query(`DROP INDEX "public"."pending_registrations_code_hash"`);
    await queryRunner.query(`DROP TABLE "pending_registrations"`);
  }
}
