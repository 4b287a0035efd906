import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';

export interface NewPilot {
  proposalId: string;
  challengeId: string;
  departmentId: string;
}

/** Pilots. This issue only creates them; the stages, gates and effect goals come with the pilots feature. */
@Injectable()
export class PilotsService {
  constructor(private readonly audit: AuditService) {}

  /**
   * The pilot of a just-accepted proposal, in `explore_idea`, `active`, written in the caller's
   * transaction together with the decision.
   */
  async createForAcceptedProposal(manager: EntityManager, actorId: string, pilot: NewPilot): Promise<string> {
    const [{ id }] = await manager.query<{ id: string }[]>(
      `INSERT INTO pilots (proposal_id, challenge_id, department_id) VALUES ($1, $2, $3) RETURNING id`,
      [pilot.proposalId, pilot.challengeId, pilot.departmentId],
    );
    await this.audit.record(manager, {
      actorId,
      action: 'pilot.created',
      entityType: 'pilot',
      entityId: id,
      after: { ...pilot, stage: 'explore_idea', status: 'active', version: 1 },
    });
    return id;
  }
}
