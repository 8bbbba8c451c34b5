// Writes the hash of the content folder a build was made from into the build
// (<outDir>/content-tree.sha256): a server knows from it which published revision it shows,
// whether started by `npm start` or by a web publish (src/features/publishing/content-tree.ts
// computes the same hash).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const sha256 = (text) => createHash('sha256').update(text, 'utf8').digest('hex');
/** Images are hashed as bytes, every other file as UTF-8 text (as content-tree.ts reads them). */
const binary = /\.(jpe?g|png|webp)$/i;

export function contentTreeHash(dir) {
  const lines = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/');
    if (path.split('/').some((part) => part.startsWith('.'))) continue;
    const file = join(dir, path);
    lines.push(`${path}\0${sha256(binary.test(path) ? readFileSync(file) : readFileSync(file, 'utf8'))}\n`);
  }
  return sha256(lines.sort().join(''));
}

export default function buildStamp() {
  let outDir = 'dist';
  return {
    name: 'forum:build-stamp',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir);
      },
      'astro:build:done': () => {
        // The server bundle is final from here on (the steps that follow write only client
        // files): a web publish may start the new server now, while they run
        // (serverBuiltMarker in src/features/publishing/publishing.types.ts).
        writeFileSync(join(outDir, 'server-built'), '');
        writeFileSync(join(outDir, 'content-tree.sha256'), contentTreeHash(resolve(process.env.CONTENT_DIR ?? 'content')));
      },
    },
  };
}
