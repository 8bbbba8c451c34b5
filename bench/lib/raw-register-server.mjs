/**
 * The baseline of bench/registration.mjs: the least a registration endpoint can do. node:http,
 * the form body read and parsed, one INSERT (unique email), a 303 like the real form answers.
 *   node bench/lib/raw-register-server.mjs sqlite <file> <port>
 *   node bench/lib/raw-register-server.mjs pg <url> <port>
 */
import http from 'node:http';
import Database from 'better-sqlite3';
import pg from 'pg';

const [kind, target, port] = process.argv.slice(2);
const table = `create table if not exists raw_registration (
  id integer primary key ${kind === 'pg' ? 'generated always as identity' : ''},
  email text not null unique, name text not null, organization text not null, body text not null, created_at text not null)`;

let insert;
if (kind === 'sqlite') {
  const db = new Database(target);
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(table);
  const statement = db.prepare('insert into raw_registration (email, name, organization, body, created_at) values (?, ?, ?, ?, ?)');
  insert = async (values) => statement.run(values);
} else {
  const pool = new pg.Pool({ connectionString: target, max: 10 });
  await pool.query(table);
  insert = (values) =>
    pool.query('insert into raw_registration (email, name, organization, body, created_at) values ($1, $2, $3, $4, $5)', values);
}

http
  .createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      return;
    }
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const form = new URLSearchParams(body);
      try {
        await insert([form.get('email') ?? '', form.get('name') ?? '', form.get('organization') ?? '', body, new Date().toISOString()]);
        res.writeHead(303, { location: '/en/check-email/' }).end();
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    });
  })
  .listen(Number(port), '127.0.0.1');
