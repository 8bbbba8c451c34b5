/**
 * The check-in screen: scan → answer at once from the roster kept on the device → queue the
 * scan → sync when the network allows. The server settles conflicts between devices (one
 * check-in per ticket and point) and its answer replaces the local one when they differ.
 */
import type { RosterEntry, ScanResult } from '../../features/checkin/checkin.types.ts';
import { startScanner, wasmUrl, type Scanner } from './scanner.ts';
import { codeHash, DeviceStore, type QueuedScan, type RosterPayload } from './store.ts';
import { ScreenView, sayWith, type Say } from './view.ts';

interface Config {
  point: string;
  rosterUrl: string;
  syncUrl: string;
  strings: Record<string, string>;
}

function deviceId(): string {
  let id = localStorage.getItem('checkin-device');
  if (!id) {
    id = `device-${crypto.randomUUID().slice(0, 8)}`;
    localStorage.setItem('checkin-device', id);
  }
  return id;
}

class CheckinScreen {
  private roster = new Map<string, RosterEntry>();
  private rosterAt = '';
  private scanner: Scanner | undefined;
  /** the scan on screen: a server answer for it that differs from the local guess replaces it */
  private lastRef = '';
  private readonly device = deviceId();
  private readonly config: Config;
  private readonly store: DeviceStore;
  private readonly view: ScreenView;
  private readonly s: Say;

  constructor(config: Config, store: DeviceStore, view: ScreenView) {
    this.config = config;
    this.store = store;
    this.view = view;
    this.s = sayWith(config.strings);
  }

  async loadKept(): Promise<void> {
    const kept = await this.store.loadRoster();
    if (kept) [this.roster, this.rosterAt] = [kept.entries, kept.at];
  }

  async showStatus(): Promise<void> {
    const queued = (await this.store.queued()).length;
    this.view.status({ rosterSize: this.roster.size, rosterAt: this.rosterAt, queued });
  }

  async refreshRoster(): Promise<void> {
    const response = await fetch(this.config.rosterUrl, { headers: { accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) return;
    const payload = (await response.json()) as RosterPayload;
    await this.store.saveRoster(payload);
    this.roster = new Map(payload.entries.map((e) => [e.codeHash, e]));
    this.rosterAt = payload.at;
  }

  /** Send the queue; answers for the scan on screen replace the local guess. */
  async sync(): Promise<ScanResult[] | undefined> {
    const scans = await this.store.queued();
    if (scans.length === 0) return [];
    try {
      const response = await fetch(this.config.syncUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ scans }),
      });
      if (!response.ok) return undefined;
      const { results } = (await response.json()) as { results: ScanResult[] };
      await this.store.dequeue(scans.map((q) => q.clientRef));
      results.forEach((r, i) => this.learn(r, scans[i]));
      return results;
    } catch {
      return undefined; // offline: the queue stays for the next try
    } finally {
      await this.showStatus();
    }
  }

  private learn(r: ScanResult, scan: QueuedScan | undefined): void {
    if (r.outcome !== 'refused') {
      const hit = [...this.roster.values()].find((e) => e.attendee.id === r.attendee.id);
      if (hit) {
        hit.checkedInAt = r.outcome === 'checked-in' ? r.at : r.first.at;
        hit.checkedInOn = r.outcome === 'checked-in' ? this.device : r.first.deviceId;
      }
    }
    if (scan?.clientRef === this.lastRef && r.outcome !== 'checked-in') this.view.server(r);
  }

  async onCode(code: string): Promise<void> {
    const entry = this.roster.get(await codeHash(code));
    const scan: QueuedScan = {
      pointId: this.config.point,
      code,
      deviceId: this.device,
      clientRef: crypto.randomUUID(),
      scannedAt: new Date().toISOString(),
    };
    this.lastRef = scan.clientRef;
    if (!entry) {
      // Not on this device's list (registered since, or not a ticket): only the server can say.
      await this.store.enqueue(scan);
      const mine = (await this.sync())?.at(-1);
      if (mine) this.view.server(mine);
      else this.view.refused('not-on-device');
      return;
    }
    if (entry.refusal) return this.view.refused(entry.refusal, entry.attendee);
    if (entry.checkedInAt) return this.view.duplicate(entry.attendee, entry.checkedInAt, entry.checkedInOn ?? this.device);
    entry.checkedInAt = scan.scannedAt;
    entry.checkedInOn = this.device;
    await this.store.enqueue(scan);
    this.view.checkedIn(entry.attendee);
    await this.sync();
  }

  async toggleCamera(button: HTMLButtonElement, video: HTMLVideoElement): Promise<void> {
    if (this.scanner) {
      this.scanner.stop();
      this.scanner = undefined;
      button.textContent = this.s('startCamera');
      return;
    }
    try {
      this.scanner = await startScanner(video, (code) => void this.onCode(code));
      button.textContent = this.s('stopCamera');
    } catch {
      this.view.render('refused', this.s('cameraFailed'));
    }
  }

  /** Sync, then a fresh roster; quietly nothing when offline. */
  async catchUp(): Promise<void> {
    await this.sync();
    await this.refreshRoster().catch(() => undefined);
    await this.showStatus();
  }
}

async function main(el: HTMLElement): Promise<void> {
  const config = JSON.parse(el.dataset.config ?? '{}') as Config;
  const screen = new CheckinScreen(config, await DeviceStore.open(config.point), new ScreenView(el, sayWith(config.strings)));
  await screen.loadKept();
  const button = el.querySelector<HTMLButtonElement>('[data-start]');
  const video = el.querySelector<HTMLVideoElement>('video');
  if (button && video) {
    button.hidden = false;
    button.addEventListener('click', () => void screen.toggleCamera(button, video));
  }
  window.addEventListener('online', () => void screen.catchUp());
  window.addEventListener('offline', () => void screen.showStatus());
  setInterval(() => void (navigator.onLine && screen.catchUp()), 60_000);
  el.dataset.ready = 'true';
  await screen.catchUp();
  if ('serviceWorker' in navigator && el.dataset.worker) {
    await navigator.serviceWorker.register(el.dataset.worker, { scope: el.dataset.scope });
    // The decoder is fetched on the first scan; fetch it now so it is kept for offline starts.
    await fetch(wasmUrl).catch(() => undefined);
    keepForOffline([wasmUrl]);
  }
}

/** Hand the worker what this page loaded, so the screen and the decoder start offline too. */
export function keepForOffline(extra: string[]): void {
  const urls = [location.href, ...performance.getEntriesByType('resource').map((e) => e.name), ...extra];
  void navigator.serviceWorker?.ready.then((reg) => reg.active?.postMessage({ cache: urls }));
}

const root = document.getElementById('checkin-app');
if (root) void main(root);
