import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../common/auth.decorators';
import { isUniqueViolation } from '../common/database-errors';
import { changes } from '../common/changes';
import { Conflict, NotFound } from '../common/errors';
import {
  CreateDepartmentDto,
  CreateWelfareAreaDto,
  DepartmentDto,
  UpdateDepartmentDto,
  UpdateWelfareAreaDto,
  WelfareAreaDto,
} from './dto/reference-data.dto';
import { ReferenceDataRepository } from './reference-data.repository';
import { toDepartmentDto, toWelfareAreaDto } from './user-views';

/** Departments and welfare areas: public to read, admin to extend. Small tables, no paging. */
@Injectable()
export class ReferenceDataService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly referenceData: ReferenceDataRepository,
    private readonly audit: AuditService,
  ) {}

  async departments(): Promise<DepartmentDto[]> {
    const rows = await this.referenceData.departments(this.db.manager);
    return rows.map(toDepartmentDto);
  }

  async welfareAreas(): Promise<WelfareAreaDto[]> {
    const rows = await this.referenceData.welfareAreas(this.db.manager);
    return rows.map(toWelfareAreaDto);
  }

  createDepartment(actor: AuthUser, dto: CreateDepartmentDto): Promise<DepartmentDto> {
    return this.db.transaction(async (manager) => {
      const department = await this.referenceData
        .insertDepartment(manager, { name: dto.name, slug: dto.slug })
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) throw new Conflict('A department with this name or slug already exists.');
          throw error;
        });
      const view = toDepartmentDto(department);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'department.created',
        entityType: 'department',
        entityId: department.id,
        after: { ...view },
      });
      return view;
    });
  }

  createWelfareArea(actor: AuthUser, dto: CreateWelfareAreaDto): Promise<WelfareAreaDto> {
    return this.db.transaction(async (manager) => {
      const area = await this.referenceData
        .insertWelfareArea(manager, { code: dto.code, nameSv: dto.nameSv, nameEn: dto.nameEn })
        .catch((error: unknown) => {
          if (isUniqueViolation(error)) throw new Conflict(`Welfare area ${dto.code} already exists.`);
          throw error;
        });
      const view = toWelfareAreaDto(area);
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'welfare-area.created',
        entityType: 'welfare_area',
        entityId: area.code,
        after: { ...view },
      });
      return view;
    });
  }

  /** Renames a department; an unchanged name writes nothing. 404 for an unknown id, 409 for a taken name. */
  updateDepartment(actor: AuthUser, id: string, dto: UpdateDepartmentDto): Promise<DepartmentDto> {
    return this.db.transaction(async (manager) => {
      const department = await this.referenceData.lockDepartment(manager, id);
      if (!department) throw new NotFound('No such department.');
      const before = toDepartmentDto(department);
      const after = { ...before, name: dto.name };
      const changed = changes({ ...before }, { ...after });
      if (!changed) return before;
      try {
        await this.referenceData.renameDepartment(manager, id, dto.name);
      } catch (error) {
        if (isUniqueViolation(error)) throw new Conflict('A department with this name already exists.');
        throw error;
      }
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'department.updated',
        entityType: 'department',
        entityId: id,
        ...changed,
      });
      return after;
    });
  }

  /** Corrects a welfare area's names; an unchanged name writes nothing. 404 for an unknown code. */
  updateWelfareArea(actor: AuthUser, code: string, dto: UpdateWelfareAreaDto): Promise<WelfareAreaDto> {
    return this.db.transaction(async (manager) => {
      const area = await this.referenceData.lockWelfareArea(manager, code);
      if (!area) throw new NotFound('No such welfare area.');
      const before = toWelfareAreaDto(area);
      const after = { ...before, nameSv: dto.nameSv ?? before.nameSv, nameEn: dto.nameEn ?? before.nameEn };
      const changed = changes({ ...before }, { ...after });
      if (!changed) return before;
      await this.referenceData.renameWelfareArea(manager, code, { nameSv: after.nameSv, nameEn: after.nameEn });
      await this.audit.record(manager, {
        actorId: actor.id,
        action: 'welfare-area.updated',
        entityType: 'welfare_area',
        entityId: code,
        ...changed,
      });
      return after;
    });
  }
}
