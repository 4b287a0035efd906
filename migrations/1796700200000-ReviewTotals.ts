import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each submitted review keeps its weighted total (issue 22): the ranking read every review's
 * scores and the challenge's criteria and multiplied them out per request. The total is fixed once
 * the review is submitted, because the challenge's criteria are locked by the first submitted
 * review, so a BEFORE trigger computes it there, with the ranking's formula: 100 × Σ(weight ×
 * score) ÷ (5 × Σ weight), over the scores whose criterion the challenge has.
 */
export class ReviewTotals1796700200000 implements MigrationInterface {
  name = 'ReviewTotals1796700200000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "reviews" ADD "total" double precision`);
    await queryRunner.query(`
      CREATE FUNCTION review_weighted_total(assignment uuid, scores jsonb) RETURNS double precision
      LANGUAGE sql STABLE AS $$
        SELECT 100 * sum((k->>'weight')::float8 * (s->>'score')::float8)
                   / (5 * (SELECT sum((w->>'weight')::float8) FROM jsonb_array_elements(ch.criteria) w))
        FROM assignments a
        JOIN proposals p ON p.id = a.proposal_id
        JOIN challenges ch ON ch.id = p.challenge_id
        CROSS JOIN LATERAL jsonb_array_elements(ch.criteria) k
        JOIN LATERAL jsonb_array_elements(scores) s ON s->>'criterionId' = k->>'id'
        WHERE a.id = assignment
        GROUP BY ch.criteria
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION review_total() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.total := CASE WHEN NEW.submitted_at IS NULL THEN NULL
                          ELSE review_weighted_total(NEW.assignment_id, NEW.scores) END;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER review_total BEFORE INSERT OR UPDATE OF scores, submitted_at, total ON reviews
      FOR EACH ROW EXECUTE FUNCTION review_total()`);
    await queryRunner.query(
      `UPDATE reviews SET total = review_weighted_total(assignment_id, scores) WHERE submitted_at IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER review_total ON reviews`);
    await queryRunner.query(`DROP FUNCTION review_total()`);
    await queryRunner.query(`DROP FUNCTION review_weighted_total(uuid, jsonb)`);
    await queryRunner.query(`ALTER TABLE "reviews" DROP COLUMN "total"`);
  }
}
