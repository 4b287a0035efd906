import { MigrationInterface, QueryRunner } from 'typeorm';

export class Partners1795743654891 implements MigrationInterface {
  name = 'Partners1795743654891';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "organizations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "kind" character varying(20) NOT NULL, "org_number" character varying(11), "website" character varying(300), "description" character varying(2000), "contact_email" character varying(320), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "organizations_resident_has_no_org_number" CHECK (kind <> 'resident' OR org_number IS NULL), CONSTRAINT "organizations_kind_known" CHECK (kind IN ('company','startup','association','academia','resident','public_sector')), CONSTRAINT "pk_organizations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "organizations_org_number_unique" ON "organizations"  ("org_number") `,
    );
    await queryRunner.query(
      `CREATE TABLE "memberships" ("organization_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(10) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "memberships_role_known" CHECK (role IN ('owner','member')), CONSTRAINT "pk_memberships" PRIMARY KEY ("organization_id", "user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "memberships_user" ON "memberships"  ("user_id", "organization_id") `);
    await queryRunner.query(
      `ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // Hand-added: unaccent() is only STABLE (its dictionary could change), so indexes need an
    // IMMUTABLE wrapper that names the dictionary explicitly.
    await queryRunner.query(
      `CREATE FUNCTION immutable_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$`,
    );
    // Hand-added: case- and accent-insensitive name search ("malmo" finds "Malmö Mobility AB").
    await queryRunner.query(
      `CREATE INDEX "organizations_name_trgm" ON "organizations" USING gin (immutable_unaccent(lower("name")) gin_trgm_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."organizations_name_trgm"`);
    await queryRunner.query(`DROP FUNCTION immutable_unaccent(text)`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP CONSTRAINT "memberships_user_fk"`);
    await queryRunner.query(`ALTER TABLE "memberships" DROP CONSTRAINT "memberships_organization_fk"`);
    await queryRunner.query(`DROP INDEX "public"."memberships_user"`);
    await queryRunner.query(`DROP TABLE "memberships"`);
    await queryRunner.query(`DROP INDEX "public"."organizations_org_number_unique"`);
    await queryRunner.query(`DROP TABLE "organizations"`);
  }
}
