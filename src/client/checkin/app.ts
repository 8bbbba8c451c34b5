/**
 * The check-in screen: scan → answer at once from the roster kept on the device → queue the
 * scan → sync when the network allows. The server settles conflicts between devices (earliest
 * check-in wins) and its answer replaces the local one when they differ.
 */
import type { RosterEntry, ScanResult } from '../../features/checkin/checkin.types.ts';
import { beep, type Tone } from './feedback.ts';
import { startScanner, wasmUrl, type Scanner } from './scanner.ts';
import { codeHash, DeviceStore, type QueuedScan, type RosterPayload } from './store.ts';

interface Config {
  point: string;
  rosterUrl: string;
  syncUrl: string;
  strings: Record<string, string>;
}

const root = document.getElementById('checkin-app');
if (root) void main(root);

function deviceId(): string {
  let id = localStorage.getItem('checkin-device');
  if (!id) {
    id = `device-${crypto.randomUUID().slice(0, 8)}`;
    localStorage.setItem('checkin-device', id);
  }
  return id;
}

async function main(el: HTMLElement) {
  const config = JSON.parse(el.dataset.config ?? '{}') as Config;
  const s = (key: string, params: Record<string, string> = {}) =>
    (config.strings[key] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? '');
  const $ = <T extends HTMLElement>(sel: string) => el.querySelector<T>(sel)!;
  const result = $('[data-result]');
  const status = $('[data-status]');
  const store = await DeviceStore.open(config.point);
  const device = deviceId();
  let roster = (await store.loadRoster())?.entries ?? new Map<string, RosterEntry>();
  let rosterAt = '';
  let scanner: Scanner | undefined;
  /** the scan on screen: a server answer for it that differs from the local guess replaces it */
  let lastRef = '';

  const showStatus = async () => {
    const queued = (await store.queued()).length;
    status.textContent = [
      navigator.onLine ? s('online') : s('offline'),
      s('rosterCount', { count: String(roster.size) }),
      rosterAt ? s('rosterAt', { time: new Date(rosterAt).toLocaleTimeString() }) : '',
      queued ? s('queued', { count: String(queued) }) : '',
    ]
      .filter(Boolean)
      .join(' · ');
    el.dataset.queued = String(queued);
  };

  const render = (tone: Tone, title: string, entry?: RosterEntry['attendee'], detail = '') => {
    result.dataset.tone = tone;
    result.hidden = false;
    $('[data-title]').textContent = title;
    $('[data-detail]').textContent = detail;
    $('[data-name]').textContent = entry?.name ?? '';
    $('[data-org]').textContent = entry?.organization ?? '';
    $('[data-extra]').textContent = entry
      ? [
          entry.category && s(`category.${entry.category}`),
          entry.ticket && s(`ticket.${entry.ticket}`),
          ...entry.sessions.map((id) => s(`session.${id}`)),
          entry.kind === 'booking' ? s('party', { count: String(entry.people) }) : '',
          entry.accessibility && s('access', { text: entry.accessibility }),
        ]
          .filter(Boolean)
          .join(' · ')
      : '';
    beep(tone);
  };

  const showServer = (r: ScanResult) => {
    if (r.outcome === 'checked-in') render('ok', s('checkedIn'), r.attendee);
    else if (r.outcome === 'duplicate')
      render(
        'duplicate',
        s('duplicate'),
        r.attendee,
        s('firstAt', { time: new Date(r.first.at).toLocaleTimeString(), device: r.first.deviceId }),
      );
    else render('refused', s('refused'), r.attendee, s(`reason.${r.reason}`));
  };

  const refreshRoster = async () => {
    const response = await fetch(config.rosterUrl, { headers: { accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) return;
    const payload = (await response.json()) as RosterPayload;
    await store.saveRoster(payload);
    roster = new Map(payload.entries.map((e) => [e.codeHash, e]));
    rosterAt = payload.at;
  };

  /** Send the queue; answers for scans still on screen replace the local guess. */
  const sync = async (): Promise<ScanResult[] | undefined> => {
    const scans = await store.queued();
    if (scans.length === 0) return [];
    try {
      const response = await fetch(config.syncUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ scans }),
      });
      if (!response.ok) return undefined;
      const { results } = (await response.json()) as { results: ScanResult[] };
      await store.dequeue(scans.map((q) => q.clientRef));
      results.forEach((r, i) => {
        if (r.outcome !== 'refused') {
          const hit = [...roster.values()].find((e) => e.attendee.id === r.attendee.id);
          if (hit) {
            hit.checkedInAt = r.outcome === 'checked-in' ? r.at : r.first.at;
            hit.checkedInOn = r.outcome === 'checked-in' ? device : r.first.deviceId;
          }
        }
        if (scans[i]?.clientRef === lastRef && r.outcome !== 'checked-in') showServer(r);
      });
      return results;
    } catch {
      return undefined; // offline: the queue stays for the next try
    } finally {
      await showStatus();
    }
  };

  const onCode = async (code: string) => {
    const entry = roster.get(await codeHash(code));
    const scan: QueuedScan = {
      pointId: config.point,
      code,
      deviceId: device,
      clientRef: crypto.randomUUID(),
      scannedAt: new Date().toISOString(),
    };
    lastRef = scan.clientRef;
    if (!entry) {
      // Not on this device's list (registered since, or not a ticket): only the server can say.
      await store.enqueue(scan);
      const results = await sync();
      const mine = results?.at(-1);
      if (mine) showServer(mine);
      else render('refused', s('refused'), undefined, s('reason.not-on-device'));
      return;
    }
    if (entry.refusal) return render('refused', s('refused'), entry.attendee, s(`reason.${entry.refusal}`));
    if (entry.checkedInAt) {
      return render(
        'duplicate',
        s('duplicate'),
        entry.attendee,
        s('firstAt', { time: new Date(entry.checkedInAt).toLocaleTimeString(), device: entry.checkedInOn ?? device }),
      );
    }
    entry.checkedInAt = scan.scannedAt;
    entry.checkedInOn = device;
    await store.enqueue(scan);
    render('ok', s('checkedIn'), entry.attendee);
    await sync();
  };

  const startButton = $<HTMLButtonElement>('[data-start]');
  startButton.hidden = false;
  const toggleCamera = async () => {
    if (scanner) {
      scanner.stop();
      scanner = undefined;
      startButton.textContent = s('startCamera');
      return;
    }
    try {
      scanner = await startScanner($<HTMLVideoElement>('video'), (code) => void onCode(code));
      startButton.textContent = s('stopCamera');
    } catch {
      render('refused', s('cameraFailed'));
    }
  };
  startButton.addEventListener('click', () => void toggleCamera());
  window.addEventListener('online', () => void sync().then(refreshRoster));
  window.addEventListener('offline', () => void showStatus());
  setInterval(() => void (navigator.onLine && sync().then(refreshRoster)), 60_000);
  el.dataset.ready = 'true';
  try {
    await refreshRoster();
  } catch {
    // offline: the roster kept on the device answers
  }
  await sync();
  await showStatus();
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
