import { MigrationInterface, QueryRunner } from 'typeorm';

export class Pilots1795747997085 implements MigrationInterface {
  name = 'Pilots1795747997085';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "effect_goals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "pilot_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "unit" character varying(50) NOT NULL, "baseline" double precision NOT NULL, "target" double precision NOT NULL, "direction" character varying(10) NOT NULL, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "effect_goals_target_in_direction" CHECK ((direction = 'increase' AND target > baseline) OR (direction = 'decrease' AND target < baseline)), CONSTRAINT "effect_goals_direction_known" CHECK (direction IN ('increase','decrease')), CONSTRAINT "pk_effect_goals" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "effect_goals_pilot" ON "effect_goals"  ("pilot_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "gate_decisions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "pilot_id" uuid NOT NULL, "gate" character varying(10) NOT NULL, "outcome" character varying(5) NOT NULL, "rationale" character varying(5000) NOT NULL, "granted_budget_sek" integer, "from_stage" character varying(20) NOT NULL, "to_stage" character varying(20) NOT NULL, "from_status" character varying(20) NOT NULL, "to_status" character varying(20) NOT NULL, "decided_by" uuid NOT NULL, "decided_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "gate_decisions_outcome_known" CHECK (outcome IN ('go','hold','stop')), CONSTRAINT "gate_decisions_gate_known" CHECK (gate IN ('time','money','scale','implement')), CONSTRAINT "pk_gate_decisions" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "gate_decisions_pilot_decided" ON "gate_decisions"  ("pilot_id", "decided_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "measurements" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "effect_goal_id" uuid NOT NULL, "value" double precision NOT NULL, "measured_at" TIMESTAMP WITH TIME ZONE NOT NULL, "note" character varying(2000), "recorded_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_measurements" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "measurements_goal_measured" ON "measurements"  ("effect_goal_id", "measured_at", "created_at") `,
    );
    await queryRunner.query(
      `ALTER TABLE "effect_goals" ADD CONSTRAINT "effect_goals_pilot_fk" FOREIGN KEY ("pilot_id") REFERENCES "pilots"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "effect_goals" ADD CONSTRAINT "effect_goals_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "gate_decisions" ADD CONSTRAINT "gate_decisions_pilot_fk" FOREIGN KEY ("pilot_id") REFERENCES "pilots"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "gate_decisions" ADD CONSTRAINT "gate_decisions_decided_by_fk" FOREIGN KEY ("decided_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "measurements" ADD CONSTRAINT "measurements_effect_goal_fk" FOREIGN KEY ("effect_goal_id") REFERENCES "effect_goals"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "measurements" ADD CONSTRAINT "measurements_recorded_by_fk" FOREIGN KEY ("recorded_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "measurements" DROP CONSTRAINT "measurements_recorded_by_fk"`);
    await queryRunner.query(`ALTER TABLE "measurements" DROP CONSTRAINT "measurements_effect_goal_fk"`);
    await queryRunner.query(`ALTER TABLE "gate_decisions" DROP CONSTRAINT "gate_decisions_decided_by_fk"`);
    await queryRunner.query(`ALTER TABLE "gate_decisions" DROP CONSTRAINT "gate_decisions_pilot_fk"`);
    await queryRunner.query(`ALTER TABLE "effect_goals" DROP CONSTRAINT "effect_goals_created_by_fk"`);
    await queryRunner.query(`ALTER TABLE "effect_goals" DROP CONSTRAINT "effect_goals_pilot_fk"`);
    await queryRunner.query(`DROP INDEX "public"."measurements_goal_measured"`);
    await queryRunner.query(`DROP TABLE "measurements"`);
    await queryRunner.query(`DROP INDEX "public"."gate_decisions_pilot_decided"`);
    await queryRunner.query(`DROP TABLE "gate_decisions"`);
    await queryRunner.query(`DROP INDEX "public"."effect_goals_pilot"`);
    await queryRunner.query(`DROP TABLE "effect_goals"`);
  }
}
