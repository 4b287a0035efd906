import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Reference data, not an enum: admins add areas without a release. */
@Entity('welfare_areas')
export class WelfareArea {
  @PrimaryColumn({ type: 'varchar', length: 50 })
  code!: string;

  @Column({ type: 'varchar', length: 100 })
  nameSv!: string;

  @Column({ type: 'varchar', length: 100 })
  nameEn!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
