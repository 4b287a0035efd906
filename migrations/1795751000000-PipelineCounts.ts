import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The pipeline's read model. Counting proposals, assignments and pilots per request grows with
 * the whole installation (0.66 s at 100 000 proposals); these tables hold the counts per
 * department and welfare area instead, kept by row triggers in the transaction of every change,
 * so the pipeline sums a few hundred rows whatever the volume. `pipeline_counts_rebuild()`
 * recomputes everything from the source tables: the backfill here, bulk loads (which disable the
 * triggers) and any doubt. A test compares the maintained counts with a rebuild.
 */
export class PipelineCounts1795751000000 implements MigrationInterface {
  name = 'PipelineCounts1795751000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE pipeline_counts (
        department_id uuid NOT NULL,
        welfare_area_code varchar(50) NOT NULL,
        challenges_published integer NOT NULL DEFAULT 0,
        proposals_submitted integer NOT NULL DEFAULT 0,
        proposals_accepted integer NOT NULL DEFAULT 0,
        PRIMARY KEY (department_id, welfare_area_code))`);
    await queryRunner.query(`
      CREATE TABLE pilot_counts (
        department_id uuid NOT NULL,
        welfare_area_code varchar(50) NOT NULL,
        stage varchar(20) NOT NULL,
        status varchar(20) NOT NULL,
        pilots integer NOT NULL DEFAULT 0,
        PRIMARY KEY (department_id, welfare_area_code, stage, status))`);
    await queryRunner.query(`
      CREATE TABLE evaluator_counts (
        evaluator_id uuid NOT NULL,
        department_id uuid NOT NULL,
        welfare_area_code varchar(50) NOT NULL,
        assigned integer NOT NULL DEFAULT 0,
        submitted integer NOT NULL DEFAULT 0,
        recused integer NOT NULL DEFAULT 0,
        PRIMARY KEY (evaluator_id, department_id, welfare_area_code))`);
    // Pending assignments with their scope: overdue depends on the clock, so it cannot be a counter;
    // this keeps the rows to count small (only what is still assigned) and scoped without joins.
    await queryRunner.query(`
      CREATE TABLE pending_assignments (
        assignment_id uuid PRIMARY KEY,
        evaluator_id uuid NOT NULL,
        department_id uuid NOT NULL,
        welfare_area_code varchar(50) NOT NULL,
        due_at timestamptz)`);
    await queryRunner.query(
      `CREATE INDEX pending_assignments_due ON pending_assignments (due_at) INCLUDE (evaluator_id)`,
    );
    await queryRunner.query(
      `CREATE INDEX pending_assignments_department_due ON pending_assignments (department_id, due_at) INCLUDE (evaluator_id)`,
    );
    await queryRunner.query(`ALTER TABLE pilots ADD last_decision_at timestamptz`);

    // Challenges: published ones per department and area.
    await queryRunner.query(`
      CREATE FUNCTION pipeline_count_challenge() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND (OLD.published_at IS NULL) = (NEW.published_at IS NULL)
           AND OLD.department_id = NEW.department_id AND OLD.welfare_area_code = NEW.welfare_area_code THEN
          RETURN NULL;
        END IF;
        IF TG_OP <> 'INSERT' AND OLD.published_at IS NOT NULL THEN
          INSERT INTO pipeline_counts AS t (department_id, welfare_area_code, challenges_published)
          VALUES (OLD.department_id, OLD.welfare_area_code, -1)
          ON CONFLICT (department_id, welfare_area_code)
          DO UPDATE SET challenges_published = t.challenges_published - 1;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.published_at IS NOT NULL THEN
          INSERT INTO pipeline_counts AS t (department_id, welfare_area_code, challenges_published)
          VALUES (NEW.department_id, NEW.welfare_area_code, 1)
          ON CONFLICT (department_id, welfare_area_code)
          DO UPDATE SET challenges_published = t.challenges_published + 1;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER pipeline_count_challenge
      AFTER INSERT OR DELETE OR UPDATE OF published_at, department_id, welfare_area_code ON challenges
      FOR EACH ROW EXECUTE FUNCTION pipeline_count_challenge()`);

    // Proposals: submitted and accepted ones, under their challenge's department and area.
    await queryRunner.query(`
      CREATE FUNCTION pipeline_count_proposal() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_submitted int := 0; old_accepted int := 0; new_submitted int := 0; new_accepted int := 0;
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          old_submitted := (OLD.submitted_at IS NOT NULL)::int;
          old_accepted := (OLD.status = 'accepted')::int;
        END IF;
        IF TG_OP <> 'DELETE' THEN
          new_submitted := (NEW.submitted_at IS NOT NULL)::int;
          new_accepted := (NEW.status = 'accepted')::int;
        END IF;
        IF TG_OP = 'UPDATE' AND OLD.challenge_id = NEW.challenge_id THEN
          old_submitted := old_submitted - new_submitted; old_accepted := old_accepted - new_accepted;
          new_submitted := 0; new_accepted := 0;
        END IF;
        IF old_submitted <> 0 OR old_accepted <> 0 THEN
          INSERT INTO pipeline_counts AS t (department_id, welfare_area_code, proposals_submitted, proposals_accepted)
          SELECT c.department_id, c.welfare_area_code, -old_submitted, -old_accepted FROM challenges c WHERE c.id = OLD.challenge_id
          ON CONFLICT (department_id, welfare_area_code) DO UPDATE
          SET proposals_submitted = t.proposals_submitted + excluded.proposals_submitted,
              proposals_accepted = t.proposals_accepted + excluded.proposals_accepted;
        END IF;
        IF new_submitted <> 0 OR new_accepted <> 0 THEN
          INSERT INTO pipeline_counts AS t (department_id, welfare_area_code, proposals_submitted, proposals_accepted)
          SELECT c.department_id, c.welfare_area_code, new_submitted, new_accepted FROM challenges c WHERE c.id = NEW.challenge_id
          ON CONFLICT (department_id, welfare_area_code) DO UPDATE
          SET proposals_submitted = t.proposals_submitted + excluded.proposals_submitted,
              proposals_accepted = t.proposals_accepted + excluded.proposals_accepted;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER pipeline_count_proposal
      AFTER INSERT OR DELETE OR UPDATE OF submitted_at, status, challenge_id ON proposals
      FOR EACH ROW EXECUTE FUNCTION pipeline_count_proposal()`);

    // Pilots: per stage and status. Both rows of a move are written in one statement in key order,
    // so two moves in one department cannot lock the same two rows in opposite orders.
    await queryRunner.query(`
      CREATE FUNCTION pipeline_count_pilot() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.stage = NEW.stage AND OLD.status = NEW.status
           AND OLD.challenge_id = NEW.challenge_id AND OLD.department_id = NEW.department_id THEN
          RETURN NULL;
        END IF;
        INSERT INTO pilot_counts AS t (department_id, welfare_area_code, stage, status, pilots)
        SELECT d.department_id, c.welfare_area_code, d.stage, d.status, sum(d.n)::int
        FROM (SELECT OLD.department_id, OLD.challenge_id, OLD.stage, OLD.status, -1 WHERE TG_OP <> 'INSERT'
              UNION ALL
              SELECT NEW.department_id, NEW.challenge_id, NEW.stage, NEW.status, 1 WHERE TG_OP <> 'DELETE')
             AS d (department_id, challenge_id, stage, status, n)
        JOIN challenges c ON c.id = d.challenge_id
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (department_id, welfare_area_code, stage, status) DO UPDATE SET pilots = t.pilots + excluded.pilots;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER pipeline_count_pilot
      AFTER INSERT OR DELETE OR UPDATE OF stage, status, challenge_id, department_id ON pilots
      FOR EACH ROW EXECUTE FUNCTION pipeline_count_pilot()`);

    // Assignments: the evaluators' backlog per department and area, and the pending ones.
    await queryRunner.query(`
      CREATE FUNCTION pipeline_count_assignment() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.status = NEW.status AND OLD.evaluator_id = NEW.evaluator_id
           AND OLD.proposal_id = NEW.proposal_id AND OLD.due_at IS NOT DISTINCT FROM NEW.due_at THEN
          RETURN NULL;
        END IF;
        INSERT INTO evaluator_counts AS t (evaluator_id, department_id, welfare_area_code, assigned, submitted, recused)
        SELECT d.evaluator_id, c.department_id, c.welfare_area_code,
               coalesce(sum(d.n) FILTER (WHERE d.status = 'assigned'), 0)::int,
               coalesce(sum(d.n) FILTER (WHERE d.status = 'submitted'), 0)::int,
               coalesce(sum(d.n) FILTER (WHERE d.status = 'recused'), 0)::int
        FROM (SELECT OLD.evaluator_id, OLD.proposal_id, OLD.status, -1 WHERE TG_OP <> 'INSERT'
              UNION ALL
              SELECT NEW.evaluator_id, NEW.proposal_id, NEW.status, 1 WHERE TG_OP <> 'DELETE')
             AS d (evaluator_id, proposal_id, status, n)
        JOIN proposals p ON p.id = d.proposal_id
        JOIN challenges c ON c.id = p.challenge_id
        GROUP BY 1, 2, 3
        ORDER BY 1, 2, 3
        ON CONFLICT (evaluator_id, department_id, welfare_area_code) DO UPDATE
        SET assigned = t.assigned + excluded.assigned, submitted = t.submitted + excluded.submitted,
            recused = t.recused + excluded.recused;
        IF TG_OP <> 'INSERT' AND OLD.status = 'assigned' THEN
          DELETE FROM pending_assignments WHERE assignment_id = OLD.id;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.status = 'assigned' THEN
          INSERT INTO pending_assignments (assignment_id, evaluator_id, department_id, welfare_area_code, due_at)
          SELECT NEW.id, NEW.evaluator_id, c.department_id, c.welfare_area_code, NEW.due_at
          FROM proposals p JOIN challenges c ON c.id = p.challenge_id WHERE p.id = NEW.proposal_id;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER pipeline_count_assignment
      AFTER INSERT OR DELETE OR UPDATE OF status, evaluator_id, proposal_id, due_at ON assignments
      FOR EACH ROW EXECUTE FUNCTION pipeline_count_assignment()`);

    // A pilot's latest gate decision, for stalled pilots (an index instead of a max() per pilot).
    await queryRunner.query(`
      CREATE FUNCTION pipeline_last_decision() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        pilot uuid := CASE WHEN TG_OP = 'DELETE' THEN OLD.pilot_id ELSE NEW.pilot_id END;
      BEGIN
        UPDATE pilots SET last_decision_at = (SELECT max(g.decided_at) FROM gate_decisions g WHERE g.pilot_id = pilot)
        WHERE id = pilot;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER pipeline_last_decision
      AFTER INSERT OR DELETE OR UPDATE OF decided_at ON gate_decisions
      FOR EACH ROW EXECUTE FUNCTION pipeline_last_decision()`);

    await queryRunner.query(`
      CREATE FUNCTION pipeline_counts_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM pipeline_counts;
        DELETE FROM pilot_counts;
        DELETE FROM evaluator_counts;
        DELETE FROM pending_assignments;
        INSERT INTO pipeline_counts (department_id, welfare_area_code, challenges_published, proposals_submitted,
                                     proposals_accepted)
        SELECT c.department_id, c.welfare_area_code,
               count(*) FILTER (WHERE c.published_at IS NOT NULL),
               coalesce(sum(p.submitted), 0), coalesce(sum(p.accepted), 0)
        FROM challenges c
        LEFT JOIN (SELECT challenge_id, count(*) FILTER (WHERE submitted_at IS NOT NULL) AS submitted,
                          count(*) FILTER (WHERE status = 'accepted') AS accepted
                   FROM proposals GROUP BY challenge_id) p ON p.challenge_id = c.id
        GROUP BY c.department_id, c.welfare_area_code;
        INSERT INTO pilot_counts (department_id, welfare_area_code, stage, status, pilots)
        SELECT pl.department_id, c.welfare_area_code, pl.stage, pl.status, count(*)
        FROM pilots pl JOIN challenges c ON c.id = pl.challenge_id
        GROUP BY 1, 2, 3, 4;
        INSERT INTO evaluator_counts (evaluator_id, department_id, welfare_area_code, assigned, submitted, recused)
        SELECT a.evaluator_id, c.department_id, c.welfare_area_code,
               count(*) FILTER (WHERE a.status = 'assigned'), count(*) FILTER (WHERE a.status = 'submitted'),
               count(*) FILTER (WHERE a.status = 'recused')
        FROM assignments a JOIN proposals p ON p.id = a.proposal_id JOIN challenges c ON c.id = p.challenge_id
        GROUP BY 1, 2, 3;
        INSERT INTO pending_assignments (assignment_id, evaluator_id, department_id, welfare_area_code, due_at)
        SELECT a.id, a.evaluator_id, c.department_id, c.welfare_area_code, a.due_at
        FROM assignments a JOIN proposals p ON p.id = a.proposal_id JOIN challenges c ON c.id = p.challenge_id
        WHERE a.status = 'assigned';
        UPDATE pilots pl SET last_decision_at = g.decided_at
        FROM (SELECT pilot_id, max(decided_at) AS decided_at FROM gate_decisions GROUP BY pilot_id) g
        WHERE g.pilot_id = pl.id AND pl.last_decision_at IS DISTINCT FROM g.decided_at;
      END $$`);
    await queryRunner.query(`SELECT pipeline_counts_rebuild()`);

    await queryRunner.query(`
      CREATE INDEX pilots_open_stage_entered ON pilots (stage, stage_entered_at)
      WHERE status IN ('active', 'on_hold')`);
    await queryRunner.query(`
      CREATE INDEX pilots_open_department_stage_entered ON pilots (department_id, stage, stage_entered_at)
      WHERE status IN ('active', 'on_hold')`);
    await queryRunner.query(`
      CREATE INDEX pilots_open_last_decision ON pilots ((coalesce(last_decision_at, created_at)), id)
      WHERE status IN ('active', 'on_hold')`);
    await queryRunner.query(`
      CREATE INDEX pilots_open_department_last_decision
      ON pilots (department_id, (coalesce(last_decision_at, created_at)), id) WHERE status IN ('active', 'on_hold')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX pilots_open_department_last_decision`);
    await queryRunner.query(`DROP INDEX pilots_open_last_decision`);
    await queryRunner.query(`DROP INDEX pilots_open_department_stage_entered`);
    await queryRunner.query(`DROP INDEX pilots_open_stage_entered`);
    await queryRunner.query(`DROP FUNCTION pipeline_counts_rebuild()`);
    await queryRunner.query(`DROP TRIGGER pipeline_last_decision ON gate_decisions`);
    await queryRunner.query(`DROP FUNCTION pipeline_last_decision()`);
    await queryRunner.query(`DROP TRIGGER pipeline_count_assignment ON assignments`);
    await queryRunner.query(`DROP FUNCTION pipeline_count_assignment()`);
    await queryRunner.query(`DROP TRIGGER pipeline_count_pilot ON pilots`);
    await queryRunner.query(`DROP FUNCTION pipeline_count_pilot()`);
    await queryRunner.query(`DROP TRIGGER pipeline_count_proposal ON proposals`);
    await queryRunner.query(`DROP FUNCTION pipeline_count_proposal()`);
    await queryRunner.query(`DROP TRIGGER pipeline_count_challenge ON challenges`);
    await queryRunner.query(`DROP FUNCTION pipeline_count_challenge()`);
    await queryRunner.query(`ALTER TABLE pilots DROP COLUMN last_decision_at`);
    await queryRunner.query(`DROP TABLE pending_assignments`);
    await queryRunner.query(`DROP TABLE evaluator_counts`);
    await queryRunner.query(`DROP TABLE pilot_counts`);
    await queryRunner.query(`DROP TABLE pipeline_counts`);
  }
}
