/**
 * npm run migration:generate -- <Name>   write migrations/<timestamp>-<Name>.ts from the entities
 * npm run migration:check                fail when the entities differ from the migrations
 * npm run migration:run                  apply pending migrations
 * npm run migration:revert               undo the last applied migration
 *
 * generate and check compare against a freshly migrated database: DATABASE_URL when set (it must
 * be a scratch database), else an in-memory embedded PostgreSQL. run and revert act on
 * DATABASE_URL or on the embedded database in DATA_DIR.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'prettier';
import { loadConfig } from '../src/config/config';
import { connect, openDatabase } from '../src/database/database-connection';
import { migrate } from '../src/database/migrate';

const ROOT = join(__dirname, '..', '..');

function escape(sql: string): string {
  return sql.replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/\$\{/g, '\\${');
}

async function schemaDiff(url: string): Promise<{ up: string[]; down: string[] }> {
  const dataSource = await connect(url, 2);
  try {
    await migrate(dataSource);
    const log = await dataSource.driver.createSchemaBuilder().log();
    return {
      up: log.upQueries.map((q) => q.query),
      down: log.downQueries.map((q) => q.query).reverse(),
    };
  } finally {
    await dataSource.destroy();
  }
}

async function migrationSource(name: string, timestamp: number, up: string[], down: string[]): Promise<string> {
  const className = `${name}${timestamp}`;
  const lines = (queries: string[]) => queries.map((q) => `    await queryRunner.query(\`${escape(q)}\`);`).join('\n');
  const source = `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
  const options = JSON.parse(readFileSync(join(ROOT, '.prettierrc.json'), 'utf8')) as Record<string, unknown>;
  return format(source, { ...options, parser: 'typescript' });
}

async function main(): Promise<number> {
  const [command, name] = process.argv.slice(2);
  const config = loadConfig();
  const scratch = command === 'generate' || command === 'check';
  const database = await openDatabase(config.databaseUrl, scratch ? 'memory://' : config.dataDir);
  try {
    switch (command) {
      case 'generate':
      case 'check': {
        const { up, down } = await schemaDiff(database.url);
        if (up.length === 0) {
          console.log('Migrations match the entities.');
          return 0;
        }
        if (command === 'check') {
          console.error(`Migration drift: the entities need ${up.length} more statement(s):\n${up.join(';\n')}`);
          console.error('Run `npm run migration:generate -- <Name>` and commit the file.');
          return 1;
        }
        if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
          console.error('Usage: npm run migration:generate -- <PascalCaseName>');
          return 2;
        }
        const timestamp = Date.now();
        const file = join(ROOT, 'migrations', `${timestamp}-${name}.ts`);
        writeFileSync(file, await migrationSource(name, timestamp, up, down));
        console.log(`Wrote ${file} (${up.length} statements). Review it, then rebuild.`);
        return 0;
      }
      case 'run': {
        const dataSource = await connect(database.url, 2);
        const applied = await migrate(dataSource);
        await dataSource.destroy();
        console.log(applied.length ? `Applied ${applied.join(', ')}` : 'No pending migrations.');
        return 0;
      }
      case 'revert': {
        const dataSource = await connect(database.url, 2);
        await dataSource.undoLastMigration({ transaction: 'each' });
        await dataSource.destroy();
        console.log('Reverted the last migration.');
        return 0;
      }
      default:
        console.error('Usage: migration <generate Name|check|run|revert>');
        return 2;
    }
  } finally {
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
