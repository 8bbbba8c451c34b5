// Email throughput: N emails of the real kinds (registration confirmation, announcement)
// enqueued through the real outbox on SQLite, sent by the real relay with the real templates,
// 1) with the local mailer, 2) with the Resend SDK against the local fake Resend server that
// enforces Resend's default rate limit (2 requests a second). Reports emails/s, render
// ms/email (p50/p99), CPU ms/email and the time 700 announcements take through Resend.
//
// Run: node bench/email.mjs [N=2000] [--src=<checkout>]  (--src measures another checkout, e.g. main)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { percentile, writeResult } from './lib/results.mjs';

// as the server runs in production (React's production build); set before React loads
process.env.NODE_ENV ??= 'production';
const ROOT = new URL('..', import.meta.url).pathname;
const SRC = process.argv.find((a) => a.startsWith('--src='))?.slice(6) ?? ROOT;
const N = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 2000);
mkdirSync(join(ROOT, 'node_modules/.cache'), { recursive: true });
const work = mkdtempSync(join(ROOT, 'node_modules/.cache/bench-email-'));
const entry = join(work, 'entry.ts');
const { writeFileSync } = await import('node:fs');
writeFileSync(
  entry,
  [
    `export { openDatabase } from '${SRC}/src/db/database.ts';`,
    `export { migrateToLatest } from '${SRC}/src/db/migrate.ts';`,
    `export { enqueueEmail } from '${SRC}/src/features/notifications/outbox.repository.ts';`,
    `export { startRelay } from '${SRC}/src/features/notifications/relay.ts';`,
    `export { createLocalMailer } from '${SRC}/src/features/notifications/local-mailer.ts';`,
    `export { createResendMailer } from '${SRC}/src/features/notifications/resend-mailer.ts';`,
    `export { renderTemplate } from '${SRC}/src/features/notifications/templates/render.ts';`,
    `export { startFakeResend } from '${ROOT}/tests/fixtures/fake-resend.ts';`,
  ].join('\n'),
);
await build({
  entryPoints: [entry],
  bundle: true,
  platform: 'node',
  format: 'esm',
  packages: 'external',
  jsx: 'automatic',
  outfile: join(work, 'bundle.mjs'),
  logLevel: 'error',
  nodePaths: [join(ROOT, 'node_modules')],
});
const m = await import(join(work, 'bundle.mjs'));

function outgoing(i) {
  const locale = i % 3 ? 'en' : 'zh';
  if (i % 2)
    return {
      kind: 'announcement',
      recipient: `guest${i}@example.org`,
      locale,
      payload: {
        announcementId: 'a1',
        personId: `p${i}`,
        name: `Guest ${i}`,
        subject: 'Room change',
        body: 'The opening session moves to Hall 2.\n\nSee you there.',
      },
    };
  return {
    kind: 'registration-confirm',
    recipient: `guest${i}@example.org`,
    locale,
    payload: {
      registrationId: `r${i}`,
      personId: `p${i}`,
      name: `Guest ${i}`,
      ticket: 'Standard',
      confirmBy: '1 December 2026, 18:00 (China Standard Time)',
    },
  };
}

async function run(label, count, makeEmail, mailerFor) {
  const dir = mkdtempSync(join(work, `${label}-`));
  const database = m.openDatabase(`sqlite:${join(dir, 'forum.db')}`);
  await m.migrateToLatest(database);
  const { mailer, done } = await mailerFor(dir);
  const renders = [];
  const render = async ({ id, kind, locale, payload }) => {
    const t = performance.now();
    const text = await m.renderTemplate(kind, {
      locale,
      payload,
      links: { manage: `https://forum.example/${locale}/m#${id}` },
      siteName: 'Forum',
    });
    renders.push(performance.now() - t);
    return { ...text, attachments: [] };
  };
  await database.db.transaction().execute(async (trx) => {
    for (let i = 0; i < count; i++) await m.enqueueEmail(trx, makeEmail(i), new Date());
  });
  const cpu = process.cpuUsage();
  const start = performance.now();
  const clock = { now: () => new Date() };
  const relay = m.startRelay(
    { db: database.db, clock, mailer, render, from: 'Forum <noreply@forum.example>', workerId: 'bench', log: () => {} },
    { intervalMs: 5000 },
  );
  for (;;) {
    const { n } = await database.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    // a deadline, for checkouts that cannot drain (an old relay against a rate-limited provider)
    if (Number(n) === 0 || performance.now() - start > 90_000) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  await relay.stop();
  const { n: sent } = await database.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('status', '=', 'sent')
    .executeTakeFirstOrThrow();
  const errors = await database.db.selectFrom('outbox').select('last_error').where('status', '=', 'failed').limit(1).execute();
  if (errors.length) console.log(label, 'failed:', errors[0].last_error);
  await done?.();
  await database.close();
  const figures = {
    emails: count,
    sent: Number(sent),
    seconds: Math.round(seconds * 100) / 100,
    emailsPerSecond: Math.round(Number(sent) / seconds),
    renderMsP50: Math.round(percentile(renders, 50) * 100) / 100,
    renderMsP99: Math.round(percentile(renders, 99) * 100) / 100,
    // the fake Resend server runs in this process too; its share is small (JSON in, JSON out)
    cpuMsPerEmail: Math.round(((used.user + used.system) / 1000 / count) * 100) / 100,
  };
  console.log(label, figures);
  return figures;
}

const local = await run('local', N, outgoing, async (dir) => ({ mailer: m.createLocalMailer({ dir: join(dir, 'outbox') }) }));
const resendRun = async (label, count, makeEmail) =>
  run(label, count, makeEmail, async () => {
    const fake = await m.startFakeResend({ ratePerSecond: 2 });
    const mailer = m.createResendMailer({ apiKey: 're_bench', baseUrl: fake.url, ratePerSecond: 2 });
    return { mailer, done: async () => (console.log(label, 'requests', fake.requests, '429s', fake.limited), fake.stop()) };
  });
const announcements = await resendRun('resend-700-announcements', 700, (i) => outgoing(2 * i + 1));
writeResult(
  'email',
  { source: SRC === ROOT ? 'this checkout' : SRC, nodeEnv: process.env.NODE_ENV, local, resend700Announcements: announcements },
  [
    `Email relay on SQLite (${N} emails, half registration confirmations, half announcements; NODE_ENV=${process.env.NODE_ENV}):`,
    `local mailer ${local.emailsPerSecond} emails/s, render p50 ${local.renderMsP50} ms / p99 ${local.renderMsP99} ms, ${local.cpuMsPerEmail} ms CPU per email.`,
    `700 announcements through the Resend SDK against a fake Resend limited to 2 requests/s: ${announcements.seconds} s.`,
  ].join(' '),
);
rmSync(work, { recursive: true, force: true });
