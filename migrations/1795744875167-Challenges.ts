import { MigrationInterface, QueryRunner } from 'typeorm';

export class Challenges1795744875167 implements MigrationInterface {
  name = 'Challenges1795744875167';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "challenges" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title" character varying(200) NOT NULL, "summary" character varying(1000) NOT NULL, "description" text NOT NULL, "welfare_area_code" character varying(50) NOT NULL, "department_id" uuid NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'draft', "submission_deadline" TIMESTAMP WITH TIME ZONE, "budget_sek" integer, "testbed_site" character varying(200), "expected_effects" character varying(5000), "sdgs" smallint array NOT NULL DEFAULT '{}', "tags" text array NOT NULL DEFAULT '{}', "blind_review" boolean NOT NULL DEFAULT true, "criteria" jsonb NOT NULL DEFAULT '[]', "criteria_locked_at" TIMESTAMP WITH TIME ZONE, "search_vector" tsvector, "created_by" uuid NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "closed_at" TIMESTAMP WITH TIME ZONE, "archived_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "challenges_criteria_is_array" CHECK (jsonb_typeof(criteria) = 'array'), CONSTRAINT "challenges_sdgs_known" CHECK (sdgs <@ '{1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17}'::smallint[]), CONSTRAINT "challenges_budget_not_negative" CHECK (budget_sek IS NULL OR budget_sek >= 0), CONSTRAINT "challenges_published_has_deadline" CHECK (status = 'draft' OR submission_deadline IS NOT NULL), CONSTRAINT "challenges_status_known" CHECK (status IN ('draft','published','closed','archived')), CONSTRAINT "pk_challenges" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "challenges_area_created" ON "challenges"  ("welfare_area_code", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE INDEX "challenges_department_created" ON "challenges"  ("department_id", "created_at", "id") `,
    );
    await queryRunner.query(`CREATE INDEX "challenges_created" ON "challenges"  ("created_at", "id") `);
    await queryRunner.query(
      `ALTER TABLE "challenges" ADD CONSTRAINT "challenges_welfare_area_fk" FOREIGN KEY ("welfare_area_code") REFERENCES "welfare_areas"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "challenges" ADD CONSTRAINT "challenges_department_fk" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "challenges" ADD CONSTRAINT "challenges_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Hand-added: the search vector holds Swedish *and* English stems of the same text, so
    // "äldreomsorg" finds "äldreomsorgen" and "vehicle" finds "vehicles". Kept by a trigger rather
    // than a generated column because array_to_string() is not IMMUTABLE. Weights rank a hit in
    // the title (A) above tags and summary (B) above the description (C).
    await queryRunner.query(`CREATE FUNCTION challenges_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector :=
    setweight(to_tsvector('pg_catalog.swedish', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('pg_catalog.english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('pg_catalog.swedish', array_to_string(NEW.tags, ' ')), 'B') ||
    setweight(to_tsvector('pg_catalog.english', array_to_string(NEW.tags, ' ')), 'B') ||
    setweight(to_tsvector('pg_catalog.swedish', coalesce(NEW.summary, '')), 'B') ||
    setweight(to_tsvector('pg_catalog.english', coalesce(NEW.summary, '')), 'B') ||
    setweight(to_tsvector('pg_catalog.swedish', coalesce(NEW.description, '')), 'C') ||
    setweight(to_tsvector('pg_catalog.english', coalesce(NEW.description, '')), 'C');
  RETURN NEW;
END
$$`);
    await queryRunner.query(
      `CREATE TRIGGER challenges_search_vector BEFORE INSERT OR UPDATE OF title, summary, description, tags ON "challenges" FOR EACH ROW EXECUTE FUNCTION challenges_search_vector()`,
    );
    await queryRunner.query(`CREATE INDEX "challenges_search" ON "challenges" USING gin ("search_vector")`);
    await queryRunner.query(`CREATE INDEX "challenges_tags" ON "challenges" USING gin ("tags")`);
    await queryRunner.query(`CREATE INDEX "challenges_sdgs" ON "challenges" USING gin ("sdgs")`);
    // The auto-close job looks only at published challenges, ordered by deadline.
    await queryRunner.query(
      `CREATE INDEX "challenges_open_deadline" ON "challenges" ("submission_deadline") WHERE status = 'published'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."challenges_open_deadline"`);
    await queryRunner.query(`DROP INDEX "public"."challenges_sdgs"`);
    await queryRunner.query(`DROP INDEX "public"."challenges_tags"`);
    await queryRunner.query(`DROP INDEX "public"."challenges_search"`);
    await queryRunner.query(`DROP TRIGGER challenges_search_vector ON "challenges"`);
    await queryRunner.query(`DROP FUNCTION challenges_search_vector()`);
    await queryRunner.query(`ALTER TABLE "challenges" DROP CONSTRAINT "challenges_created_by_fk"`);
    await queryRunner.query(`ALTER TABLE "challenges" DROP CONSTRAINT "challenges_department_fk"`);
    await queryRunner.query(`ALTER TABLE "challenges" DROP CONSTRAINT "challenges_welfare_area_fk"`);
    await queryRunner.query(`DROP INDEX "public"."challenges_created"`);
    await queryRunner.query(`DROP INDEX "public"."challenges_department_created"`);
    await queryRunner.query(`DROP INDEX "public"."challenges_area_created"`);
    await queryRunner.query(`DROP TABLE "challenges"`);
  }
}
