/**
 * Tokens, hashes and encryption at rest. Magic-link tokens are 128-bit random values stored
 * only as SHA-256; personal document numbers are sealed with AES-256-GCM.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createSecretKey,
  randomBytes,
  randomFillSync,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';

/** Random bytes drawn in blocks: one call to the system's generator serves many ids. */
const pool = Buffer.alloc(16 * 256);
let pooled = pool.length;
let lastMs = 0;
let sequence = 0;

/**
 * A new row id: a UUID of version 7 (RFC 9562), the millisecond it was made, a 12-bit sequence
 * (from a random start) and 62 random bits. Ids made later sort after earlier ones (within this
 * process, also within one millisecond, by the sequence), so a new row's id lands at the end of its
 * index, not on a random page of it: a burst of registrations changes a few pages per
 * commit instead of one page per row in every id index. Ids grant nothing by themselves (links
 * carry hashed tokens, tickets an HMAC), and the time they show is when the row was made.
 */
export function newId(): string {
  if (pooled === pool.length) {
    randomFillSync(pool);
    pooled = 0;
  }
  const bytes = pool.subarray(pooled, (pooled += 16));
  let ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    sequence = bytes[6] & 0x07; // a random start, low enough that a millisecond has room for 4,000 ids
  } else if (++sequence > 0xfff) {
    // 4,096 ids within one millisecond: borrow the next one (the clock catches up)
    lastMs += 1;
    sequence = 0;
  }
  ms = lastMs;
  // 48-bit big-endian milliseconds (a float can hold them; bit operations cannot)
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** 128 random bits, URL-safe. */
export function newToken(): string {
  return randomBytes(16).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

// A key given as bytes is imported once: importing it again on every call costs more than the HMAC.
const keyObjects = new WeakMap<Buffer, KeyObject>();

export function hmac(key: Buffer, value: string): string {
  let keyObject = keyObjects.get(key);
  if (!keyObject) {
    keyObject = createSecretKey(key);
    keyObjects.set(key, keyObject);
  }
  return createHmac('sha256', keyObject).update(value, 'utf8').digest('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** "v1.<iv>.<tag>.<ciphertext>", base64url parts; key is 32 bytes. */
export function seal(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

export function open(key: Buffer, sealed: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed value');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** Separate keys for separate purposes, derived from the one server secret. */
export function deriveKey(secret: Buffer, purpose: string): Buffer {
  return createHmac('sha256', secret).update(`forum:${purpose}`).digest();
}
