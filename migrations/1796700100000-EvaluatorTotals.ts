import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The evaluator backlog of the whole city without aggregating every department's and area's
 * counter (docs/adr/0003-counts-kept-by-triggers.md): `evaluator_counts` has a row per evaluator,
 * department and welfare area (56 000 at 1 000 000 proposals), so the city's backlog summed them
 * all per request. `evaluator_totals` keeps one row per evaluator, moved by a trigger on
 * `evaluator_counts` in the same transaction, so it equals their sum at every commit.
 */
export class EvaluatorTotals1796700100000 implements MigrationInterface {
  name = 'EvaluatorTotals1796700100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE evaluator_totals (
        evaluator_id uuid PRIMARY KEY,
        assigned integer NOT NULL DEFAULT 0,
        submitted integer NOT NULL DEFAULT 0,
        recused integer NOT NULL DEFAULT 0)`);
    await queryRunner.query(`
      CREATE FUNCTION evaluator_totals_follow() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          UPDATE evaluator_totals SET assigned = assigned - OLD.assigned, submitted = submitted - OLD.submitted,
                                      recused = recused - OLD.recused
          WHERE evaluator_id = OLD.evaluator_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          INSERT INTO evaluator_totals AS t (evaluator_id, assigned, submitted, recused)
          VALUES (NEW.evaluator_id, NEW.assigned, NEW.submitted, NEW.recused)
          ON CONFLICT (evaluator_id) DO UPDATE
          SET assigned = t.assigned + excluded.assigned, submitted = t.submitted + excluded.submitted,
              recused = t.recused + excluded.recused;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER evaluator_totals_follow AFTER INSERT OR DELETE OR UPDATE ON evaluator_counts
      FOR EACH ROW EXECUTE FUNCTION evaluator_totals_follow()`);
    await queryRunner.query(`
      INSERT INTO evaluator_totals (evaluator_id, assigned, submitted, recused)
      SELECT evaluator_id, sum(assigned), sum(submitted), sum(recused) FROM evaluator_counts GROUP BY evaluator_id`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER evaluator_totals_follow ON evaluator_counts`);
    await queryRunner.query(`DROP FUNCTION evaluator_totals_follow()`);
    await queryRunner.query(`DROP TABLE evaluator_totals`);
  }
}
