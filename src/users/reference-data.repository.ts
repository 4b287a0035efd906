import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Department } from './department.entity';
import { WelfareArea } from './welfare-area.entity';

/**
 * The departments' and welfare areas' SQL (small tables, read whole). Every method takes the
 * transaction's (or the data source's) EntityManager; everyone may read them, so there is no
 * visibility rule. The entity API hydrates the rows, as the tables are read whole or by key.
 */
@Injectable()
export class ReferenceDataRepository {
  departments(manager: EntityManager): Promise<Department[]> {
    return manager.find(Department, { order: { name: 'ASC' } });
  }

  welfareAreas(manager: EntityManager): Promise<WelfareArea[]> {
    return manager.find(WelfareArea, { order: { code: 'ASC' } });
  }

  /** Inserts the department; a taken name or slug throws a unique violation. */
  async insertDepartment(manager: EntityManager, values: Pick<Department, 'name' | 'slug'>): Promise<Department> {
    const department = manager.create(Department, values);
    await manager.save(department);
    return department;
  }

  /** Inserts the welfare area; a taken code throws a unique violation. */
  async insertWelfareArea(
    manager: EntityManager,
    values: Pick<WelfareArea, 'code' | 'nameSv' | 'nameEn'>,
  ): Promise<WelfareArea> {
    const area = manager.create(WelfareArea, values);
    await manager.insert(WelfareArea, area);
    return area;
  }

  /** The department row, locked FOR UPDATE for a change. */
  lockDepartment(manager: EntityManager, id: string): Promise<Department | null> {
    return manager.findOne(Department, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The welfare area row, locked FOR UPDATE for a change. */
  lockWelfareArea(manager: EntityManager, code: string): Promise<WelfareArea | null> {
    return manager.findOne(WelfareArea, { where: { code }, lock: { mode: 'pessimistic_write' } });
  }

  async renameDepartment(manager: EntityManager, id: string, name: string): Promise<void> {
    await manager.update(Department, { id }, { name });
  }

  async renameWelfareArea(
    manager: EntityManager,
    code: string,
    names: Pick<WelfareArea, 'nameSv' | 'nameEn'>,
  ): Promise<void> {
    await manager.update(WelfareArea, { code }, names);
  }
}
