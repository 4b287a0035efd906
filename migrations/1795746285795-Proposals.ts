import { MigrationInterface, QueryRunner } from 'typeorm';

export class Proposals1795746285795 implements MigrationInterface {
  name = 'Proposals1795746285795';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "proposals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "challenge_id" uuid NOT NULL, "lead_organization_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "summary" character varying(1000) NOT NULL, "description" text NOT NULL, "expected_effects" character varying(5000), "requested_budget_sek" integer NOT NULL, "duration_months" smallint NOT NULL, "trl" smallint, "status" character varying(20) NOT NULL DEFAULT 'draft', "submitted_at" TIMESTAMP WITH TIME ZONE, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "proposals_trl_range" CHECK (trl IS NULL OR trl BETWEEN 1 AND 9), CONSTRAINT "proposals_duration_range" CHECK (duration_months BETWEEN 1 AND 60), CONSTRAINT "proposals_budget_not_negative" CHECK (requested_budget_sek >= 0), CONSTRAINT "proposals_submitted_has_time" CHECK (status = 'draft' OR submitted_at IS NOT NULL), CONSTRAINT "proposals_status_known" CHECK (status IN ('draft','submitted','withdrawn','accepted','rejected')), CONSTRAINT "pk_proposals" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "proposals_created" ON "proposals"  ("created_at", "id") `);
    await queryRunner.query(
      `CREATE INDEX "proposals_lead_created" ON "proposals"  ("lead_organization_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "proposals_challenge_created" ON "proposals"  ("challenge_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "proposal_partners" ("proposal_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'invited', "confirmed_by" uuid, "confirmed_at" TIMESTAMP WITH TIME ZONE, "invited_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "proposal_partners_confirmed_has_time" CHECK (status = 'invited' OR confirmed_at IS NOT NULL), CONSTRAINT "proposal_partners_status_known" CHECK (status IN ('invited','confirmed')), CONSTRAINT "pk_proposal_partners" PRIMARY KEY ("proposal_id", "organization_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "proposal_partners_organization" ON "proposal_partners"  ("organization_id", "proposal_id") `,
    );
    await queryRunner.query(
      `ALTER TABLE "proposals" ADD CONSTRAINT "proposals_challenge_fk" FOREIGN KEY ("challenge_id") REFERENCES "challenges"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "proposals" ADD CONSTRAINT "proposals_lead_organization_fk" FOREIGN KEY ("lead_organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "proposals" ADD CONSTRAINT "proposals_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "proposal_partners" ADD CONSTRAINT "proposal_partners_proposal_fk" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "proposal_partners" ADD CONSTRAINT "proposal_partners_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "proposal_partners" DROP CONSTRAINT "proposal_partners_organization_fk"`);
    await queryRunner.query(`ALTER TABLE "proposal_partners" DROP CONSTRAINT "proposal_partners_proposal_fk"`);
    await queryRunner.query(`ALTER TABLE "proposals" DROP CONSTRAINT "proposals_created_by_fk"`);
    await queryRunner.query(`ALTER TABLE "proposals" DROP CONSTRAINT "proposals_lead_organization_fk"`);
    await queryRunner.query(`ALTER TABLE "proposals" DROP CONSTRAINT "proposals_challenge_fk"`);
    await queryRunner.query(`DROP INDEX "public"."proposal_partners_organization"`);
    await queryRunner.query(`DROP TABLE "proposal_partners"`);
    await queryRunner.query(`DROP INDEX "public"."proposals_challenge_created"`);
    await queryRunner.query(`DROP INDEX "public"."proposals_lead_created"`);
    await queryRunner.query(`DROP INDEX "public"."proposals_created"`);
    await queryRunner.query(`DROP TABLE "proposals"`);
  }
}
