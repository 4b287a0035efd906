/**
 * After `vite build`: writes a .br and a .gz beside every text asset of dist/web, so the server
 * (@fastify/static with preCompressed) sends the smallest one the browser accepts without
 * compressing on each request.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const ROOT = join(__dirname, '..', 'web');
const TEXT = /\.(js|css|html|svg|json|txt)$/;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

let count = 0;
for (const file of walk(ROOT).filter((path) => TEXT.test(path))) {
  const content = readFileSync(file);
  if (content.length < 1024) continue;
  writeFileSync(`${file}.gz`, gzipSync(content, { level: 9 }));
  writeFileSync(
    `${file}.br`,
    brotliCompressSync(content, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: content.length },
    }),
  );
  count++;
}
console.log(`Pre-compressed ${count} files of dist/web (.br and .gz).`);
