import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1795741513200 implements MigrationInterface {
  name = 'Foundation1795741513200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Hand-added: extensions used by search (trusted extensions, available on PGlite as contrib).
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS citext`);
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "actor_id" uuid, "action" character varying(100) NOT NULL, "entity_type" character varying(50) NOT NULL, "entity_id" character varying(100) NOT NULL, "before" jsonb, "after" jsonb, "request_id" character varying(128), CONSTRAINT "pk_audit_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "audit_events_time" ON "audit_events"  ("occurred_at", "id") `);
    await queryRunner.query(`CREATE INDEX "audit_events_actor" ON "audit_events"  ("actor_id", "occurred_at") `);
    await queryRunner.query(
      `CREATE INDEX "audit_events_entity" ON "audit_events"  ("entity_type", "entity_id", "occurred_at") `,
    );
    await queryRunner.query(
      `CREATE TABLE "login_failures" ("id" BIGSERIAL NOT NULL, "email" character varying(320) NOT NULL, "ip" character varying(64) NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_login_failures" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "login_failures_ip_time" ON "login_failures"  ("ip", "occurred_at") `);
    await queryRunner.query(`CREATE INDEX "login_failures_email_time" ON "login_failures"  ("email", "occurred_at") `);
    await queryRunner.query(
      `CREATE TABLE "departments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "slug" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_departments" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "departments_name_unique" ON "departments"  ("name") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "departments_slug_unique" ON "departments"  ("slug") `);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(320) NOT NULL, "name" character varying(100) NOT NULL, "password_hash" text NOT NULL, "roles" text array NOT NULL DEFAULT '{partner}', "department_id" uuid, "disabled" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "users_department_staff_have_department" CHECK (NOT ('department' = ANY (roles)) OR department_id IS NOT NULL), CONSTRAINT "users_roles_known" CHECK (roles <@ ARRAY['admin','director','department','evaluator','partner']::text[]), CONSTRAINT "users_email_lower_case" CHECK (email = lower(email)), CONSTRAINT "pk_users" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "users_email_unique" ON "users"  ("email") `);
    await queryRunner.query(`CREATE INDEX "users_department_id" ON "users"  ("department_id") `);
    await queryRunner.query(
      `CREATE TABLE "welfare_areas" ("code" character varying(50) NOT NULL, "name_sv" character varying(100) NOT NULL, "name_en" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_welfare_areas" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "users_department_fk" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Hand-added: the audit trail is append-only, enforced by the database itself.
    await queryRunner.query(
      `CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON "audit_events" FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`,
    );
    // Hand-added: reference data.
    await queryRunner.query(
      `INSERT INTO "welfare_areas" ("code", "name_sv", "name_en") VALUES ('security', 'Trygghet och säkerhet', 'Safety and security'), ('employment', 'Arbete och sysselsättning', 'Employment'), ('climate', 'Klimat och miljö', 'Climate and environment'), ('healthcare', 'Vård och omsorg', 'Health and social care')`,
    );
    await queryRunner.query(
      `INSERT INTO "departments" ("name", "slug") VALUES ('Stadsledningsförvaltningen', 'stadsledningsforvaltningen'), ('Vård- och omsorgsförvaltningen', 'vard-och-omsorgsforvaltningen'), ('Socialförvaltningen', 'socialforvaltningen'), ('Arbetsmarknadsförvaltningen', 'arbetsmarknadsforvaltningen'), ('Skol- och fritidsförvaltningen', 'skol-och-fritidsforvaltningen'), ('Stadsbyggnadsförvaltningen', 'stadsbyggnadsforvaltningen'), ('Miljöförvaltningen', 'miljoforvaltningen')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_events_append_only ON "audit_events"`);
    await queryRunner.query(`DROP FUNCTION audit_events_append_only()`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "users_department_fk"`);
    await queryRunner.query(`DROP TABLE "welfare_areas"`);
    await queryRunner.query(`DROP INDEX "public"."users_department_id"`);
    await queryRunner.query(`DROP INDEX "public"."users_email_unique"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP INDEX "public"."departments_slug_unique"`);
    await queryRunner.query(`DROP INDEX "public"."departments_name_unique"`);
    await queryRunner.query(`DROP TABLE "departments"`);
    await queryRunner.query(`DROP INDEX "public"."login_failures_email_time"`);
    await queryRunner.query(`DROP INDEX "public"."login_failures_ip_time"`);
    await queryRunner.query(`DROP TABLE "login_failures"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_entity"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_actor"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_time"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
    // Extensions are left installed: other schemas may use them.
  }
}
