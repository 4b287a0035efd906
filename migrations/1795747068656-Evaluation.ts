import { MigrationInterface, QueryRunner } from 'typeorm';

export class Evaluation1795747068656 implements MigrationInterface {
  name = 'Evaluation1795747068656';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "proposal_id" uuid NOT NULL, "evaluator_id" uuid NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'assigned', "due_at" TIMESTAMP WITH TIME ZONE, "conflict" boolean, "conflict_reason" character varying(2000), "declared_at" TIMESTAMP WITH TIME ZONE, "assigned_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "assignments_conflict_has_reason" CHECK (conflict IS NOT TRUE OR conflict_reason IS NOT NULL), CONSTRAINT "assignments_recused_iff_conflict" CHECK ((status = 'recused') = (conflict IS TRUE)), CONSTRAINT "assignments_declaration_complete" CHECK ((declared_at IS NULL) = (conflict IS NULL)), CONSTRAINT "assignments_status_known" CHECK (status IN ('assigned','recused','submitted')), CONSTRAINT "pk_assignments" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "assignments_evaluator_created" ON "assignments"  ("evaluator_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "assignments_proposal_evaluator_unique" ON "assignments"  ("proposal_id", "evaluator_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "reviews" ("assignment_id" uuid NOT NULL, "scores" jsonb NOT NULL DEFAULT '[]', "comment" character varying(5000), "recommendation" character varying(5), "submitted_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "reviews_scores_is_array" CHECK (jsonb_typeof(scores) = 'array'), CONSTRAINT "reviews_submitted_has_recommendation" CHECK (submitted_at IS NULL OR recommendation IS NOT NULL), CONSTRAINT "reviews_recommendation_known" CHECK (recommendation IS NULL OR recommendation IN ('yes','maybe','no')), CONSTRAINT "pk_reviews" PRIMARY KEY ("assignment_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "pilots" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "proposal_id" uuid NOT NULL, "challenge_id" uuid NOT NULL, "department_id" uuid NOT NULL, "stage" character varying(20) NOT NULL DEFAULT 'explore_idea', "status" character varying(20) NOT NULL DEFAULT 'active', "granted_budget_sek" integer, "version" integer NOT NULL DEFAULT '1', "stage_entered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pilots_budget_not_negative" CHECK (granted_budget_sek IS NULL OR granted_budget_sek >= 0), CONSTRAINT "pilots_status_known" CHECK (status IN ('active','on_hold','implemented','discontinued')), CONSTRAINT "pilots_stage_known" CHECK (stage IN ('explore_idea','explore_setup','develop_pilot','scale')), CONSTRAINT "pk_pilots" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "pilots_proposal_unique" ON "pilots"  ("proposal_id") `);
    await queryRunner.query(`CREATE INDEX "pilots_challenge" ON "pilots"  ("challenge_id") `);
    await queryRunner.query(
      `CREATE INDEX "pilots_department_created" ON "pilots"  ("department_id", "created_at", "id") `,
    );
    await queryRunner.query(`ALTER TABLE "proposals" ADD "decision_reason" character varying(5000)`);
    await queryRunner.query(`ALTER TABLE "proposals" ADD "decided_by" uuid`);
    await queryRunner.query(`ALTER TABLE "proposals" ADD "decided_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(
      `ALTER TABLE "proposals" ADD CONSTRAINT "proposals_decision_complete" CHECK ((decided_at IS NULL) = (decision_reason IS NULL AND decided_by IS NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "proposals" ADD CONSTRAINT "proposals_decided_iff_decision" CHECK ((status IN ('accepted','rejected')) = (decided_at IS NOT NULL))`,
    );
    await queryRunner.query(
      `ALTER TABLE "proposals" ADD CONSTRAINT "proposals_decided_by_fk" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignments" ADD CONSTRAINT "assignments_proposal_fk" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignments" ADD CONSTRAINT "assignments_evaluator_fk" FOREIGN KEY ("evaluator_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "assignments" ADD CONSTRAINT "assignments_assigned_by_fk" FOREIGN KEY ("assigned_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "reviews" ADD CONSTRAINT "reviews_assignment_fk" FOREIGN KEY ("assignment_id") REFERENCES "assignments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "pilots" ADD CONSTRAINT "pilots_proposal_fk" FOREIGN KEY ("proposal_id") REFERENCES "proposals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "pilots" ADD CONSTRAINT "pilots_challenge_fk" FOREIGN KEY ("challenge_id") REFERENCES "challenges"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "pilots" ADD CONSTRAINT "pilots_department_fk" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "pilots" DROP CONSTRAINT "pilots_department_fk"`);
    await queryRunner.query(`ALTER TABLE "pilots" DROP CONSTRAINT "pilots_challenge_fk"`);
    await queryRunner.query(`ALTER TABLE "pilots" DROP CONSTRAINT "pilots_proposal_fk"`);
    await queryRunner.query(`ALTER TABLE "reviews" DROP CONSTRAINT "reviews_assignment_fk"`);
    await queryRunner.query(`ALTER TABLE "assignments" DROP CONSTRAINT "assignments_assigned_by_fk"`);
    await queryRunner.query(`ALTER TABLE "assignments" DROP CONSTRAINT "assignments_evaluator_fk"`);
    await queryRunner.query(`ALTER TABLE "assignments" DROP CONSTRAINT "assignments_proposal_fk"`);
    await queryRunner.query(`ALTER TABLE "proposals" DROP CONSTRAINT "proposals_decided_by_fk"`);
    await queryRunner.query(`ALTER TABLE "proposals" DROP CONSTRAINT "proposals_decided_iff_decision"`);
    await queryRunner.query(`ALTER TABLE "proposals" DROP CONSTRAINT "proposals_decision_complete"`);
    await queryRunner.query(`ALTER TABLE "proposals" DROP COLUMN "decided_at"`);
    await queryRunner.query(`ALTER TABLE "proposals" DROP COLUMN "decided_by"`);
    await queryRunner.query(`ALTER TABLE "proposals" DROP COLUMN "decision_reason"`);
    await queryRunner.query(`DROP INDEX "public"."pilots_department_created"`);
    await queryRunner.query(`DROP INDEX "public"."pilots_challenge"`);
    await queryRunner.query(`DROP INDEX "public"."pilots_proposal_unique"`);
    await queryRunner.query(`DROP TABLE "pilots"`);
    await queryRunner.query(`DROP TABLE "reviews"`);
    await queryRunner.query(`DROP INDEX "public"."assignments_proposal_evaluator_unique"`);
    await queryRunner.query(`DROP INDEX "public"."assignments_evaluator_created"`);
    await queryRunner.query(`DROP TABLE "assignments"`);
  }
}
