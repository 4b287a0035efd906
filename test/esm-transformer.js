// Jest (on Node 20) cannot require() ES modules, and NestJS 12 ships as ESM only.
// This transformer compiles those node_modules files to CommonJS for the test runtime;
// the application itself runs them natively through Node's require(esm).
const ts = require('typescript');
const crypto = require('node:crypto');

const VERSION = '1';

function rewriteImportMeta(source) {
  return source
    .replace(/const require = createRequire\(import\.meta\.url\);?/g, '')
    .replace(/import\.meta\.url/g, 'require("node:url").pathToFileURL(__filename).href')
    .replace(/import\.meta\.dirname/g, '__dirname')
    .replace(/import\.meta\.filename/g, '__filename');
}

module.exports = {
  getCacheKey(source, path) {
    return crypto.createHash('sha1').update(VERSION).update(path).update(source).digest('hex');
  },
  process(source) {
    const out = ts.transpileModule(rewriteImportMeta(source), {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        allowJs: true,
        sourceMap: false,
      },
    });
    return { code: out.outputText };
  },
};
