import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SendRequest } from '../../src/features/notifications/email.types.ts';
import {
  createLocalMailer,
  listLocalOutbox,
  readLocalAttachment,
  readLocalMessage,
} from '../../src/features/notifications/local-mailer.ts';

function request(id: string, subject = 'Your registration is confirmed'): SendRequest {
  return {
    id,
    from: 'Forum <noreply@forum.example>',
    to: 'guest@example.org',
    content: {
      subject,
      html: '<p>Hello</p>',
      text: 'Hello',
      attachments: [
        { filename: 'ticket-qr.png', content: Buffer.from([0x89, 0x50, 0x4e, 0x47]), contentType: 'image/png' },
        { filename: '../forum.ics', content: Buffer.from('BEGIN:VCALENDAR'), contentType: 'text/calendar' },
      ],
    },
  };
}

describe('local mailer', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'forum-mail-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('test_writes_message_html_and_attachments_into_one_folder', async () => {
    const mailer = createLocalMailer({ dir, now: () => new Date('2026-11-23T06:00:00.000Z') });
    const { providerId } = await mailer.send(request('0b6a3c1e-1111-4a4a-8888-000000000001'));
    const folders = readdirSync(dir).filter((name) => name !== '.sent'); // .sent: the index of sent ids
    expect(folders).toEqual(['2026-11-23T06-00-00-000Z-0b6a3c1e-1111-4a4a-8888-000000000001']);
    expect(providerId).toBe(`local:${folders[0]}`);
    const folder = join(dir, folders[0]);
    expect(readdirSync(folder).sort()).toEqual(['forum.ics', 'message.html', 'message.json', 'ticket-qr.png']);
    expect(JSON.parse(readFileSync(join(folder, 'message.json'), 'utf8'))).toEqual({
      id: '0b6a3c1e-1111-4a4a-8888-000000000001',
      from: 'Forum <noreply@forum.example>',
      to: 'guest@example.org',
      subject: 'Your registration is confirmed',
      text: 'Hello',
      attachments: ['ticket-qr.png', 'forum.ics'],
      sentAt: '2026-11-23T06:00:00.000Z',
    });
    expect(readFileSync(join(folder, 'message.html'), 'utf8')).toBe('<p>Hello</p>');
    expect(readFileSync(join(folder, 'forum.ics'), 'utf8')).toBe('BEGIN:VCALENDAR');
  });

  it('test_sending_the_same_id_twice_keeps_one_folder', async () => {
    let t = Date.parse('2026-11-23T06:00:00.000Z');
    const mailer = createLocalMailer({ dir, now: () => new Date((t += 1000)) });
    const first = await mailer.send(request('id-1'));
    const second = await mailer.send(request('id-1', 'changed'));
    expect(second.providerId).toBe(first.providerId);
    expect(readdirSync(dir).filter((name) => name !== '.sent')).toHaveLength(1);
  });

  it('test_lists_newest_first_and_reads_back', async () => {
    let t = Date.parse('2026-11-23T06:00:00.000Z');
    const mailer = createLocalMailer({ dir, now: () => new Date((t += 1000)) });
    await mailer.send(request('id-1', 'first'));
    await mailer.send(request('id-2', 'second'));
    const list = await listLocalOutbox(dir);
    expect(list.map((m) => m.subject)).toEqual(['second', 'first']);
    const message = await readLocalMessage(dir, list[0].folder);
    expect(message).toMatchObject({ id: 'id-2', subject: 'second', html: '<p>Hello</p>', to: 'guest@example.org' });
    expect((await readLocalAttachment(dir, list[0].folder, 'ticket-qr.png'))?.length).toBe(4);
    expect(await readLocalAttachment(dir, list[0].folder, 'message.json')).toBeNull();
    expect(await readLocalMessage(dir, '../etc')).toBeNull();
    expect(await listLocalOutbox(join(dir, 'missing'))).toEqual([]);
  });
});
