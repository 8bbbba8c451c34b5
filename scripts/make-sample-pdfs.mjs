#!/usr/bin/env node
// Writes a one-page placeholder PDF for every paper in content/papers/*.yaml to
// public/papers/<id>.pdf, so that each paper's `pdf: /papers/<id>.pdf` exists.
// No dependencies: the PDF 1.4 file is built by hand (Helvetica, ASCII text only).
// Usage: node scripts/make-sample-pdfs.mjs
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const papersDir = join(root, 'content', 'papers');
const outDir = join(root, 'public', 'papers');

/** Escapes text for a PDF literal string; refuses anything that is not printable ASCII. */
function pdfString(text) {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new Error(`not printable ASCII: ${JSON.stringify(text)}`);
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** A one-page A4 PDF showing the given lines; the first line is set larger as a heading. */
function makePdf(lines) {
  const [heading, ...rest] = lines;
  const ops = ['BT', '/F1 20 Tf', '72 760 Td', `${pdfString(heading)} Tj`, '/F1 12 Tf', '0 -36 Td'];
  for (const line of rest) ops.push(`${pdfString(line)} Tj`, '0 -20 Td');
  ops.push('ET');
  const stream = ops.join('\n');

  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    `<< /Title ${pdfString(lines[1] ?? heading)} /Producer (scripts/make-sample-pdfs.mjs) >>`,
  ];

  // Offsets are byte counts: the text is ASCII and the binary marker line is latin1.
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets = [];
  objects.forEach((obj, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${obj}\nendobj\n`;
  });
  const xrefStart = Buffer.byteLength(body, 'latin1');
  const pad = (n) => String(n).padStart(10, '0');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${pad(off)} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info ${objects.length} 0 R >>\nstartxref\n${xrefStart}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

const ids = readdirSync(papersDir)
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.slice(0, -'.yaml'.length))
  .sort();

mkdirSync(outDir, { recursive: true });
for (const id of ids) {
  const pdf = makePdf([
    'SAMPLE PAPER - placeholder full text',
    `Paper id: ${id}`,
    'Beijing Forum on Swift Response to Public Complaints',
    'This file stands in for the full text until the real paper is published.',
  ]);
  writeFileSync(join(outDir, `${id}.pdf`), pdf);
}
console.log(`wrote ${ids.length} sample PDFs to public/papers/`);
