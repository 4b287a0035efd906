import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The innovation centre (issue 21): rooms, events and registrations. `btree_gist` gives GiST an
 * equality operator on uuid, for the exclusion constraint that keeps a room from being booked
 * twice at overlapping times (cancelled events excepted). On the embedded database PGlite loads
 * the contrib module (src/database/embedded-postgres.ts); on a server it ships with PostgreSQL's
 * contrib package.
 */
export class Events1796612575487 implements MigrationInterface {
  name = 'Events1796612575487';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await queryRunner.query(
      `CREATE TABLE "rooms" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(120) NOT NULL, "capacity" integer NOT NULL, "accessibility_notes" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "rooms_capacity_positive" CHECK (capacity >= 1), CONSTRAINT "pk_rooms" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "rooms_name_unique" ON "rooms"  ("name") `);
    await queryRunner.query(
      `CREATE TABLE "events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "title_sv" character varying(200) NOT NULL, "title_en" character varying(200), "description_sv" text NOT NULL, "description_en" text, "kind" character varying(20) NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "place_kind" character varying(10) NOT NULL, "room_id" uuid, "address" character varying(300), "online_url" character varying(500), "capacity" integer NOT NULL, "registration_opens_at" TIMESTAMP WITH TIME ZONE NOT NULL, "registration_closes_at" TIMESTAMP WITH TIME ZONE NOT NULL, "challenge_id" uuid, "pilot_id" uuid, "department_id" uuid, "status" character varying(20) NOT NULL DEFAULT 'draft', "version" integer NOT NULL DEFAULT '1', "sequence" integer NOT NULL DEFAULT '0', "created_by" uuid NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "events_capacity_positive" CHECK (capacity >= 1), CONSTRAINT "events_registration_window" CHECK (registration_opens_at < registration_closes_at AND registration_closes_at <= starts_at), CONSTRAINT "events_ends_after_start" CHECK (ends_at > starts_at), CONSTRAINT "events_place_complete" CHECK ((place_kind = 'room' AND room_id IS NOT NULL) OR (place_kind = 'address' AND address IS NOT NULL AND room_id IS NULL) OR (place_kind = 'online' AND online_url IS NOT NULL AND room_id IS NULL)), CONSTRAINT "events_place_known" CHECK (place_kind IN ('room','address','online')), CONSTRAINT "events_status_known" CHECK (status IN ('draft','published','cancelled','completed')), CONSTRAINT "events_kind_known" CHECK (kind IN ('lecture','workshop','meeting','matchmaking','demo_day')), CONSTRAINT "events_room_no_overlap" EXCLUDE USING gist ("room_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) WHERE (status <> 'cancelled' AND room_id IS NOT NULL), CONSTRAINT "pk_events" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "events_department" ON "events"  ("department_id") `);
    await queryRunner.query(`CREATE INDEX "events_pilot" ON "events"  ("pilot_id") `);
    await queryRunner.query(`CREATE INDEX "events_challenge" ON "events"  ("challenge_id") `);
    await queryRunner.query(`CREATE INDEX "events_starts" ON "events"  ("starts_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "event_registrations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "event_id" uuid NOT NULL, "user_id" uuid NOT NULL, "organization_id" uuid, "needs" text, "status" character varying(20) NOT NULL, "arrival" BIGSERIAL NOT NULL, "attended_at" TIMESTAMP WITH TIME ZONE, "reminded_at" TIMESTAMP WITH TIME ZONE, "promoted_at" TIMESTAMP WITH TIME ZONE, "cancelled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "event_registrations_status_known" CHECK (status IN ('registered','waiting','cancelled')), CONSTRAINT "pk_event_registrations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "event_registrations_user" ON "event_registrations"  ("user_id") `);
    await queryRunner.query(
      `CREATE INDEX "event_registrations_event_arrival" ON "event_registrations"  ("event_id", "arrival") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "event_registrations_one_active" ON "event_registrations"  ("event_id", "user_id") WHERE status <> 'cancelled'`,
    );
    await queryRunner.query(
      `ALTER TABLE "events" ADD CONSTRAINT "events_room_fk" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "events" ADD CONSTRAINT "events_challenge_fk" FOREIGN KEY ("challenge_id") REFERENCES "challenges"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "events" ADD CONSTRAINT "events_pilot_fk" FOREIGN KEY ("pilot_id") REFERENCES "pilots"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "events" ADD CONSTRAINT "events_department_fk" FOREIGN KEY ("department_id") REFERENCES "departments"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "events" ADD CONSTRAINT "events_created_by_fk" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_event_fk" FOREIGN KEY ("event_id") REFERENCES "events"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_organization_fk" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "event_registrations" DROP CONSTRAINT "event_registrations_organization_fk"`);
    await queryRunner.query(`ALTER TABLE "event_registrations" DROP CONSTRAINT "event_registrations_user_fk"`);
    await queryRunner.query(`ALTER TABLE "event_registrations" DROP CONSTRAINT "event_registrations_event_fk"`);
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "events_created_by_fk"`);
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "events_department_fk"`);
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "events_pilot_fk"`);
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "events_challenge_fk"`);
    await queryRunner.query(`ALTER TABLE "events" DROP CONSTRAINT "events_room_fk"`);
    await queryRunner.query(`DROP INDEX "public"."event_registrations_one_active"`);
    await queryRunner.query(`DROP INDEX "public"."event_registrations_event_arrival"`);
    await queryRunner.query(`DROP INDEX "public"."event_registrations_user"`);
    await queryRunner.query(`DROP TABLE "event_registrations"`);
    await queryRunner.query(`DROP INDEX "public"."events_starts"`);
    await queryRunner.query(`DROP INDEX "public"."events_challenge"`);
    await queryRunner.query(`DROP INDEX "public"."events_pilot"`);
    await queryRunner.query(`DROP INDEX "public"."events_department"`);
    await queryRunner.query(`DROP TABLE "events"`);
    await queryRunner.query(`DROP INDEX "public"."rooms_name_unique"`);
    await queryRunner.query(`DROP TABLE "rooms"`);
  }
}
