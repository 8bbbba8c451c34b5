/**
 * The camera and the QR decoder. Linux Chromium has no native BarcodeDetector, so the ponyfill
 * runs zxing in WebAssembly; its .wasm is served by us (never the CDN the library defaults to).
 */
import { BarcodeDetector, prepareZXingModule } from 'barcode-detector/ponyfill';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

void prepareZXingModule({
  overrides: {
    locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? new URL(wasmUrl, location.href).href : prefix + path),
  },
  fireImmediately: true,
});

export { wasmUrl };

/** Same code again within this many ms is the same scan (the code stays in view). */
const REPEAT_MS = 4000;

export interface Scanner {
  stop(): void;
}

export async function startScanner(video: HTMLVideoElement, onCode: (code: string) => void): Promise<Scanner> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
  video.srcObject = stream;
  await video.play();
  const detector = new BarcodeDetector({ formats: ['qr_code'] });
  let running = true;
  let last = { code: '', at: 0 };
  const tick = async () => {
    if (!running) return;
    try {
      if (video.readyState >= 2) {
        for (const found of await detector.detect(video)) {
          const now = Date.now();
          if (found.rawValue && (found.rawValue !== last.code || now - last.at > REPEAT_MS)) onCode(found.rawValue);
          if (found.rawValue) last = { code: found.rawValue, at: now };
        }
      }
    } catch {
      // a frame that could not be read: try the next one
    }
    if (running) setTimeout(() => void tick(), 150);
  };
  void tick();
  return {
    stop() {
      running = false;
      stream.getTracks().forEach((t) => t.stop());
    },
  };
}
