import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Search whose work does not grow with the city (docs/adr/0008-bounded-search-ranking.md). A
 * common word matches a fifth of all challenges, and ranking every match grew the search's p50
 * 7.5× from 10 000 to 1 000 000 proposals. The search now ranks a bounded set of candidates: the
 * newest matches in the head (title, tags, summary) and the newest matches anywhere, each read
 * newest first from an index and cut at a fixed number. `challenge_search` gains the creation time
 * (the order of that read) and the head's own vector: a match in the head (weights A and B) ranks
 * above any match of a single word in the description alone (C), so those candidates must not be
 * cut by age alone.
 */
export class SearchBound1796700000000 implements MigrationInterface {
  name = 'SearchBound1796700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION challenge_head_document(title text, summary text, tags text[]) RETURNS tsvector LANGUAGE sql STABLE AS $$
        SELECT to_tsvector('pg_catalog.swedish', concat_ws(' ', title, array_to_string(tags, ' '), summary)) ||
               to_tsvector('pg_catalog.english', concat_ws(' ', title, array_to_string(tags, ' '), summary))
      $$`);
    await queryRunner.query(`ALTER TABLE challenge_search ADD created_at timestamptz, ADD head_vector tsvector`);
    await queryRunner.query(`
      UPDATE challenge_search s SET created_at = c.created_at, head_vector = challenge_head_document(c.title, c.summary, c.tags)
      FROM challenges c WHERE c.id = s.challenge_id`);
    await queryRunner.query(
      `ALTER TABLE challenge_search ALTER created_at SET NOT NULL, ALTER head_vector SET NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX challenge_search_head ON challenge_search USING gin (head_vector)`);
    await queryRunner.query(`CREATE INDEX challenge_search_newest ON challenge_search (created_at DESC, challenge_id)`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION challenge_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO challenge_search (challenge_id, status, department_id, welfare_area_code, created_at, search_vector, head_vector)
        VALUES (NEW.id, NEW.status, NEW.department_id, NEW.welfare_area_code, NEW.created_at,
                challenge_search_document(NEW.title, NEW.summary, NEW.description, NEW.tags),
                challenge_head_document(NEW.title, NEW.summary, NEW.tags))
        ON CONFLICT (challenge_id) DO UPDATE
        SET status = excluded.status, department_id = excluded.department_id,
            welfare_area_code = excluded.welfare_area_code, created_at = excluded.created_at,
            search_vector = excluded.search_vector, head_vector = excluded.head_vector;
        RETURN NULL;
      END $$`);
    // The creation time is kept too (a correction of it by hand must reach the search's order).
    await queryRunner.query(`DROP TRIGGER challenge_search_sync ON challenges`);
    await queryRunner.query(`
      CREATE TRIGGER challenge_search_sync
      AFTER INSERT OR UPDATE OF title, summary, description, tags, status, department_id, welfare_area_code, created_at
      ON challenges FOR EACH ROW EXECUTE FUNCTION challenge_search_sync()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER challenge_search_sync ON challenges`);
    await queryRunner.query(`
      CREATE TRIGGER challenge_search_sync
      AFTER INSERT OR UPDATE OF title, summary, description, tags, status, department_id, welfare_area_code
      ON challenges FOR EACH ROW EXECUTE FUNCTION challenge_search_sync()`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION challenge_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO challenge_search (challenge_id, status, department_id, welfare_area_code, search_vector)
        VALUES (NEW.id, NEW.status, NEW.department_id, NEW.welfare_area_code,
                challenge_search_document(NEW.title, NEW.summary, NEW.description, NEW.tags))
        ON CONFLICT (challenge_id) DO UPDATE
        SET status = excluded.status, department_id = excluded.department_id,
            welfare_area_code = excluded.welfare_area_code, search_vector = excluded.search_vector;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`DROP INDEX challenge_search_newest`);
    await queryRunner.query(`DROP INDEX challenge_search_head`);
    await queryRunner.query(`ALTER TABLE challenge_search DROP created_at, DROP head_vector`);
    await queryRunner.query(`DROP FUNCTION challenge_head_document(text, text, text[])`);
  }
}
