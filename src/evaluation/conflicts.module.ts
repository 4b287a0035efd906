import { Module } from '@nestjs/common';
import { ConflictsService } from './conflicts.service';

/**
 * The conflict-of-interest rule's recusals, for the features where a conflict can arise after an
 * assignment (joining an organisation, a competing proposal submitted). Depends only on the
 * global audit and notification writers, so partners and proposals may import it.
 */
@Module({ providers: [ConflictsService], exports: [ConflictsService] })
export class ConflictsModule {}
