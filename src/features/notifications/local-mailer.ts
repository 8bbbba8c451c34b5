/**
 * Development mailer: each email becomes a folder `<timestamp>-<outbox id>/` holding
 * message.json, message.html and the attachments, for a dev-only page to show.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Mailer } from './email.types.ts';

export interface LocalMessage {
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  attachments: string[];
  sentAt: string;
}

export interface LocalMessageSummary extends LocalMessage {
  folder: string;
}

const FOLDER = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z-[A-Za-z0-9_-]+$/;
const RESERVED = new Set(['message.json', 'message.html']);

async function folders(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => FOLDER.test(name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** A plain file name: no directories, no dot files, no clash with message.*. */
function attachmentName(filename: string): string {
  const name =
    basename(filename.replace(/\\/g, '/'))
      .replace(/[^\p{L}\p{N}._ -]/gu, '_')
      .replace(/^\.+/, '') || 'attachment';
  return RESERVED.has(name) ? `attachment-${name}` : name;
}

/** `.sent/<outbox id>` holds the folder name: the idempotency check is one read, not a listing. */
const SENT = '.sent';

async function sentFolder(dir: string, id: string): Promise<string | undefined> {
  try {
    const folder = (await readFile(join(dir, SENT, id), 'utf8')).trim();
    return FOLDER.test(folder) ? folder : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function createLocalMailer(options: { dir: string; now?: () => Date }): Mailer {
  const now = options.now ?? (() => new Date());
  // Folders written before the .sent index existed: listed once per mailer.
  let older: Promise<string[]> | undefined;
  return {
    kind: 'local',
    async send({ id, from, to, content }) {
      if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error('outbox id is not a plain token');
      // Idempotent per id, like the provider: a second send of the same id keeps the first.
      // (Concurrent sends of one id do not happen: the outbox lease gives a row to one relay.)
      older ??= folders(options.dir);
      const existing = (await sentFolder(options.dir, id)) ?? (await older).find((name) => name.endsWith(`-${id}`));
      if (existing) return { providerId: `local:${existing}` };

      const sentAt = now().toISOString();
      const folder = `${sentAt.replace(/[:.]/g, '-')}-${id}`;
      const staging = join(options.dir, `.staging-${id}-${process.pid}-${Date.now()}`);
      try {
        await mkdir(staging, { recursive: true });
        const names = content.attachments.map((a, i, all) => {
          const name = attachmentName(a.filename);
          return all.slice(0, i).some((b) => attachmentName(b.filename) === name) ? `${i + 1}-${name}` : name;
        });
        const message: LocalMessage = { id, from, to, subject: content.subject, text: content.text, attachments: names, sentAt };
        await writeFile(join(staging, 'message.json'), `${JSON.stringify(message, null, 2)}\n`);
        await writeFile(join(staging, 'message.html'), content.html);
        for (const [i, attachment] of content.attachments.entries()) {
          await writeFile(join(staging, names[i] ?? `attachment-${i}`), attachment.content);
        }
        // Written aside, then renamed: a listing never sees a half-written message. The index
        // entry comes after the rename: a crash between the two leaves a folder the listing
        // of older folders finds on the next start.
        await rename(staging, join(options.dir, folder));
        await mkdir(join(options.dir, SENT), { recursive: true });
        await writeFile(join(options.dir, SENT, id), folder);
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
      return { providerId: `local:${folder}` };
    },
  };
}

/** Newest first. */
export async function listLocalOutbox(dir: string): Promise<LocalMessageSummary[]> {
  const list: LocalMessageSummary[] = [];
  for (const folder of (await folders(dir)).sort().reverse()) {
    try {
      const message = JSON.parse(await readFile(join(dir, folder, 'message.json'), 'utf8')) as LocalMessage;
      list.push({ ...message, folder });
    } catch {
      // a folder someone emptied by hand: skip it
    }
  }
  return list;
}

/** null when the folder is not a message folder (the name comes from a URL). */
export async function readLocalMessage(dir: string, folder: string): Promise<(LocalMessageSummary & { html: string }) | null> {
  if (!FOLDER.test(folder)) return null;
  try {
    const message = JSON.parse(await readFile(join(dir, folder, 'message.json'), 'utf8')) as LocalMessage;
    const html = await readFile(join(dir, folder, 'message.html'), 'utf8');
    return { ...message, folder, html };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** An attachment's bytes, or null; only names listed in message.json are served. */
export async function readLocalAttachment(dir: string, folder: string, filename: string): Promise<Buffer | null> {
  const message = await readLocalMessage(dir, folder);
  if (!message || !message.attachments.includes(filename)) return null;
  return readFile(join(dir, folder, filename));
}
