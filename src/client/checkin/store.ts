/**
 * What a check-in device keeps: the point's roster, encrypted with a key that stops working
 * after the event (the key and the data are wiped then), and the scans not yet synced.
 * IndexedDB, one database per point.
 */
import type { RosterEntry, RosterPayload, ScanInput } from '../../features/checkin/checkin.types.ts';

export type { RosterPayload };

export interface QueuedScan extends ScanInput {
  scannedAt: string;
}

const DB_VERSION = 1;

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function openDb(pointId: string): Promise<IDBDatabase> {
  const open = indexedDB.open(`checkin:${pointId}`, DB_VERSION);
  open.onupgradeneeded = () => {
    open.result.createObjectStore('meta');
    open.result.createObjectStore('queue', { keyPath: 'clientRef' });
  };
  return request(open);
}

const b64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

export class DeviceStore {
  private readonly db: IDBDatabase;
  readonly pointId: string;

  private constructor(db: IDBDatabase, pointId: string) {
    this.db = db;
    this.pointId = pointId;
  }

  static async open(pointId: string): Promise<DeviceStore> {
    const store = new DeviceStore(await openDb(pointId), pointId);
    await store.forgetIfExpired();
    return store;
  }

  private tx(name: 'meta' | 'queue', mode: IDBTransactionMode = 'readonly'): IDBObjectStore {
    return this.db.transaction(name, mode).objectStore(name);
  }

  async forgetIfExpired(now = Date.now()): Promise<boolean> {
    const expires = (await request(this.tx('meta').get('expiresAt'))) as string | undefined;
    if (!expires || Date.parse(expires) > now) return false;
    await request(this.tx('meta', 'readwrite').clear());
    return true;
  }

  /** Keep a fresh roster: the key is imported non-extractable, the entries sealed with it. */
  async saveRoster(payload: RosterPayload): Promise<void> {
    const key = await crypto.subtle.importKey('raw', b64(payload.key), 'AES-GCM', false, ['encrypt', 'decrypt']);
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const plain = new TextEncoder().encode(JSON.stringify(payload.entries));
    const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain);
    const meta = this.tx('meta', 'readwrite');
    meta.put(key, 'key');
    meta.put(payload.expiresAt, 'expiresAt');
    meta.put(payload.at, 'rosterAt');
    await request(meta.put({ iv, sealed }, 'roster'));
  }

  async loadRoster(): Promise<{ entries: Map<string, RosterEntry>; at: string } | null> {
    if (await this.forgetIfExpired()) return null;
    const meta = this.tx('meta');
    const [key, box, at] = await Promise.all([
      request(meta.get('key')) as Promise<CryptoKey | undefined>,
      request(meta.get('roster')) as Promise<{ iv: Uint8Array<ArrayBuffer>; sealed: ArrayBuffer } | undefined>,
      request(meta.get('rosterAt')) as Promise<string | undefined>,
    ]);
    if (!key || !box || !at) return null;
    const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: box.iv }, key, box.sealed);
    const entries = JSON.parse(new TextDecoder().decode(plain)) as RosterEntry[];
    return { entries: new Map(entries.map((e) => [e.codeHash, e])), at };
  }

  async enqueue(scan: QueuedScan): Promise<void> {
    await request(this.tx('queue', 'readwrite').put(scan));
  }

  async queued(): Promise<QueuedScan[]> {
    return (await request(this.tx('queue').getAll())) as QueuedScan[];
  }

  async dequeue(refs: string[]): Promise<void> {
    const queue = this.tx('queue', 'readwrite');
    await Promise.all(refs.map((ref) => request(queue.delete(ref))));
  }
}

/** SHA-256 hex of a scanned code: how the roster is keyed (the codes themselves are never stored). */
export async function codeHash(code: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(code.trim()));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
