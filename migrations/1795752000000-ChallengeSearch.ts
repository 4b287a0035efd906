import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Full-text search on a narrow table. Ranking reads the vector of every match, and a common word
 * matches a fifth of all challenges: with the vector on the wide `challenges` row (descriptions,
 * criteria) that read the whole table, 290 MB at 100 000 challenges. `challenge_search` holds the
 * vector with the columns the list filters on (visibility, status, area, department), a few
 * hundred bytes a row, so the search ranks there and reads `challenges` only for the page.
 * A row trigger keeps it in the transaction of every change.
 */
export class ChallengeSearch1795752000000 implements MigrationInterface {
  name = 'ChallengeSearch1795752000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE challenge_search (
        challenge_id uuid PRIMARY KEY CONSTRAINT challenge_search_challenge_fk REFERENCES challenges (id) ON DELETE CASCADE,
        status varchar(20) NOT NULL,
        department_id uuid NOT NULL,
        welfare_area_code varchar(50) NOT NULL,
        search_vector tsvector NOT NULL)`);
    // The vector of migration Challenges, unchanged: Swedish and English stems, title (A) above
    // tags and summary (B) above the description (C). One function for the trigger and the backfill.
    await queryRunner.query(`
      CREATE FUNCTION challenge_search_document(title text, summary text, description text, tags text[])
      RETURNS tsvector LANGUAGE sql STABLE AS $$
        SELECT setweight(to_tsvector('pg_catalog.swedish', coalesce(title, '')), 'A') ||
               setweight(to_tsvector('pg_catalog.english', coalesce(title, '')), 'A') ||
               setweight(to_tsvector('pg_catalog.swedish', array_to_string(tags, ' ')), 'B') ||
               setweight(to_tsvector('pg_catalog.english', array_to_string(tags, ' ')), 'B') ||
               setweight(to_tsvector('pg_catalog.swedish', coalesce(summary, '')), 'B') ||
               setweight(to_tsvector('pg_catalog.english', coalesce(summary, '')), 'B') ||
               setweight(to_tsvector('pg_catalog.swedish', coalesce(description, '')), 'C') ||
               setweight(to_tsvector('pg_catalog.english', coalesce(description, '')), 'C')
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION challenge_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO challenge_search (challenge_id, status, department_id, welfare_area_code, search_vector)
        VALUES (NEW.id, NEW.status, NEW.department_id, NEW.welfare_area_code,
                challenge_search_document(NEW.title, NEW.summary, NEW.description, NEW.tags))
        ON CONFLICT (challenge_id) DO UPDATE
        SET status = excluded.status, department_id = excluded.department_id,
            welfare_area_code = excluded.welfare_area_code, search_vector = excluded.search_vector;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER challenge_search_sync
      AFTER INSERT OR UPDATE OF title, summary, description, tags, status, department_id, welfare_area_code
      ON challenges FOR EACH ROW EXECUTE FUNCTION challenge_search_sync()`);
    await queryRunner.query(`
      INSERT INTO challenge_search (challenge_id, status, department_id, welfare_area_code, search_vector)
      SELECT id, status, department_id, welfare_area_code, challenge_search_document(title, summary, description, tags)
      FROM challenges`);
    await queryRunner.query(`CREATE INDEX challenge_search_vector ON challenge_search USING gin (search_vector)`);

    await queryRunner.query(`DROP INDEX challenges_search`);
    await queryRunner.query(`DROP TRIGGER challenges_search_vector ON challenges`);
    await queryRunner.query(`DROP FUNCTION challenges_search_vector()`);
    await queryRunner.query(`ALTER TABLE challenges DROP COLUMN search_vector`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE challenges ADD search_vector tsvector`);
    await queryRunner.query(`UPDATE challenges c SET search_vector = s.search_vector
                             FROM challenge_search s WHERE s.challenge_id = c.id`);
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
    await queryRunner.query(`DROP TRIGGER challenge_search_sync ON challenges`);
    await queryRunner.query(`DROP FUNCTION challenge_search_sync()`);
    await queryRunner.query(`DROP TABLE challenge_search`);
    await queryRunner.query(`DROP FUNCTION challenge_search_document(text, text, text, text[])`);
  }
}
