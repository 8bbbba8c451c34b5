/**
 * Ticket codes for QR check-in: "T1.<registrationId>.<mac>", where mac is the HMAC-SHA256
 * (base64url) of "T1.<registrationId>" cut to 16 characters (96 bits): short enough for a
 * small QR code, far too long to guess. Only the server holding the key can issue or check them.
 */
import QRCode from 'qrcode';
import { hmac, safeEqual } from '../shared/secrets.ts';

const VERSION = 'T1';
const MAC_LENGTH = 16;

function mac(key: Buffer, registrationId: string): string {
  return hmac(key, `${VERSION}.${registrationId}`).slice(0, MAC_LENGTH);
}

export function ticketCode(key: Buffer, registrationId: string): string {
  // A dot in the id would make the code ambiguous to split.
  if (!registrationId || registrationId.includes('.')) throw new Error('invalid registration id for a ticket code');
  return `${VERSION}.${registrationId}.${mac(key, registrationId)}`;
}

/** The registration id of a genuine code, else null. */
export function verifyTicketCode(key: Buffer, code: string): string | null {
  const parts = code.trim().split('.');
  if (parts.length !== 3) return null;
  const [version, id, given] = parts as [string, string, string];
  if (version !== VERSION || !id || given.length !== MAC_LENGTH) return null;
  return safeEqual(mac(key, id), given) ? id : null;
}

const qrOptions = { errorCorrectionLevel: 'M', margin: 2, width: 480 } as const;

export function ticketQrPng(code: string): Promise<Buffer> {
  return QRCode.toBuffer(code, { ...qrOptions, type: 'png' });
}

export function ticketQrSvg(code: string): Promise<string> {
  return QRCode.toString(code, { ...qrOptions, type: 'svg' });
}

/**
 * The QR code as one SVG path over a square of `size` modules (quiet zone included), for
 * vector drawing in PDFs: sharper in print and much cheaper than a PNG per badge.
 */
export function ticketQrPath(code: string): { size: number; d: string } {
  const qr = QRCode.create(code, { errorCorrectionLevel: qrOptions.errorCorrectionLevel });
  const n = qr.modules.size;
  const margin = qrOptions.margin;
  const parts: string[] = [];
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      if (qr.modules.get(x, y)) parts.push(`M${x + margin} ${y + margin}h1v1h-1z`);
    }
  }
  return { size: n + 2 * margin, d: parts.join('') };
}
