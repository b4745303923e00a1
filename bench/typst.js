// bench/typst.js — the Typst peer of `make bench`: compiles DIR/MAIN.typ to OUT.pdf
// with Typst (the npm package @myriaddreamin/typst-ts-node-compiler, installed under
// out/bench/typst by bench/run.sh for the benchmark only), the fonts of FONTDIR.
// Usage: node bench/typst.js MODULES_DIR DIR MAIN.typ OUT.pdf FONTDIR
'use strict';
const path = require('path');
const fs = require('fs');
const [modules, dir, main, out, fonts] = process.argv.slice(2);
const { NodeCompiler } = require(path.resolve(modules, '@myriaddreamin/typst-ts-node-compiler'));
const compiler = NodeCompiler.create({ workspace: path.resolve(dir), fontArgs: [{ fontPaths: [fonts] }] });
let pdf;
try {
  pdf = compiler.pdf({ mainFilePath: path.resolve(dir, main) });
} catch (e) {
  const diag = e && e.shortDiagnostics ? JSON.stringify(e.shortDiagnostics) : String(e);
  console.error('typst: ' + diag);
  process.exit(1);
}
fs.writeFileSync(out, pdf);
