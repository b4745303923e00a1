// Typst 0.14's rendering of the torture trip's paragraphs, for comparison
// with ours (not part of the build or of `make test`). From the project's
// top folder:
//   npm install --prefix out/typst @myriaddreamin/typst-ts-node-compiler
//   node tests/typeset/typst.js [out/typst/torture.pdf]
//   TYPESET_CHECK_PDF=out/typst/torture.pdf out/tests/e2e -p /e2e/typeset/external
// Same face, size and measure as the default layout (BIZ UDPGothic 15 pt,
// 739.84 pt lines, A4 landscape, 18 mm side margins), lang "ja", justified,
// a 1 em first-line indent where the trip has a 字下げ.
const fs = require('fs');
const path = require('path');
const { NodeCompiler } = require(path.resolve('out/typst/node_modules/@myriaddreamin/typst-ts-node-compiler'));

const out = process.argv[2] || 'out/typst/torture.pdf';
const trip = fs.readFileSync('tests/typeset/torture.txt', 'utf8').split('\n');
const paras = [];
let cur = null;
for (const line of trip) {
  if (/^  /.test(line) && line.trim()) {
    cur = (cur || '') + line.replace(/^  /, '');
  } else {
    if (cur) paras.push(cur);
    cur = null;
  }
}
if (cur) paras.push(cur);
const esc = (s) => s.replace(/[\\#*_`$<>@\[\]~/]/g, (c) => '\\' + c);
let doc = `#set page(width: 841.89pt, height: 595.28pt, margin: (left: 51.02pt, right: 51.02pt, top: 40pt, bottom: 40pt))
#set text(font: "BIZ UDPGothic", size: 15pt, lang: "ja")
#set par(justify: true, leading: 7.5pt, spacing: 18pt, first-line-indent: (amount: 1em, all: true))
`;
for (const p of paras)
  doc += (p.startsWith('\u3000') ? '' : '#h(-1em)') + esc(p.replace(/^\u3000/, '')) + '\n\n';
const compiler = NodeCompiler.create({ fontArgs: [{ fontPaths: ['/usr/share/fonts'] }] });
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, compiler.pdf({ mainFileContent: doc }));
console.log(out);
