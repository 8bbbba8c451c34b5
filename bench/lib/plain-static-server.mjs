// The yardstick of bench/static.mjs: a plain node:http file server over a built dist/client,
// raw fs.createReadStream, no compression, no headers beyond type and length.
// Usage: node bench/lib/plain-static-server.mjs <client dir> <port>
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import { extname, join, normalize } from 'node:path';

const [root, port] = process.argv.slice(2);
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png' };

function file(path) {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return file(join(path, 'index.html'));
    return stat.isFile() ? { path, size: stat.size } : undefined;
  } catch {
    return undefined;
  }
}

http
  .createServer((req, res) => {
    const path = normalize(decodeURIComponent(req.url.split('?')[0])).replace(/^(\.\.[/\\])+/, '');
    const found = file(join(root, path));
    const served = found ?? file(join(root, '404.html'));
    res.writeHead(found ? 200 : 404, {
      'Content-Type': types[extname(served.path)] ?? 'application/octet-stream',
      'Content-Length': served.size,
    });
    createReadStream(served.path).pipe(res);
  })
  .listen(Number(port), '127.0.0.1', () => console.log('ready'));
