/** What the check-in browser tests share: a signed-in admin, registrations, ticket codes, fake camera videos. */
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { e2eData } from '../../playwright.config.ts';
import { ticketCode } from '../../src/features/printouts/ticket-code.ts';
import { deriveKey } from '../../src/features/shared/secrets.ts';
import { confirmFromEmail, fillRegistration, uniqueEmail } from './flows.ts';
import { signedInAdmin } from './staff-members.ts';

export const dir = join('test-results', 'checkin-video');
export const launchArgs = (video: string) => [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  `--use-file-for-fake-video-capture=${video}`,
];

export function flowsDb() {
  return new Database(join(e2eData, 'flows', 'forum.db'), { readonly: true });
}

/** The QR text of the registration of this address, made with the flows server's key. */
export function codeOf(email: string): string {
  const db = flowsDb();
  const row = db.prepare('select id from registration where email = ?').get(email) as { id: string };
  db.close();
  const secret = readFileSync(join(e2eData, 'flows', 'secret.key'), 'utf8').trim();
  return ticketCode(deriveKey(Buffer.from(secret, 'utf8'), 'tickets'), row.id);
}

export function checkInsOf(email: string): number {
  const db = flowsDb();
  const row = db
    .prepare(
      "select count(*) as n from check_in c join registration r on r.id = c.subject_id where r.email = ? and c.point_id = 'entrance'",
    )
    .get(email) as { n: number };
  db.close();
  return row.n;
}

/** A looping y4m video showing each code for two seconds. */
export async function videoOf(name: string, codes: string[]): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const inputs: string[] = [];
  for (const [i, code] of codes.entries()) {
    const png = join(dir, `${name}-${i}.png`);
    await QRCode.toFile(png, code, { width: 360, margin: 4 });
    inputs.push('-loop', '1', '-t', '2', '-i', png);
  }
  const out = join(dir, `${name}.y4m`);
  const scale = 'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2:color=white,format=yuv420p';
  const graph = `${codes.map((_, i) => `[${i}:v]${scale},setsar=1[v${i}]`).join(';')};${codes.map((_, i) => `[v${i}]`).join('')}concat=n=${codes.length}:v=1:a=0[out]`;
  execFileSync('ffmpeg', ['-y', '-loglevel', 'error', ...inputs, '-filter_complex', graph, '-map', '[out]', '-r', '15', out]);
  return out;
}

/** A browser whose camera shows these codes; every request to another host is aborted and kept. */

export async function register(page: Page, name: string): Promise<string> {
  const email = uniqueEmail('checkin');
  await fillRegistration(page, 'en', { name, email });
  await expect(page).toHaveURL(/\/en\/check-email\//);
  await confirmFromEmail(page, email);
  await expect(page.locator('[data-status]')).toHaveText('Confirmed');
  return email;
}

/** A new admin (npm run admin:create), password and authenticator set up: the browser state of the session. */
export async function adminSessionState(browser: Browser, baseURL: string): Promise<Awaited<ReturnType<BrowserContext['storageState']>>> {
  const context = await browser.newContext({ baseURL });
  await signedInAdmin(await context.newPage(), baseURL, 'checkin-admin');
  const state = await context.storageState();
  await context.close();
  return state;
}
