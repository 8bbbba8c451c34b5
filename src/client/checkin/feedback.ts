/** What a busy volunteer notices: a colour over the whole card and a sound per outcome. */
export type Tone = 'ok' | 'duplicate' | 'refused';

let audio: AudioContext | undefined;

const notes: Record<Tone, { freq: number[]; ms: number }> = {
  ok: { freq: [880], ms: 120 },
  duplicate: { freq: [440, 440, 440], ms: 140 },
  refused: { freq: [220, 180], ms: 260 },
};

export function beep(tone: Tone): void {
  try {
    audio ??= new AudioContext();
    let at = audio.currentTime;
    for (const freq of notes[tone].freq) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = freq;
      osc.type = tone === 'ok' ? 'sine' : 'square';
      gain.gain.value = 0.2;
      osc.connect(gain).connect(audio.destination);
      osc.start(at);
      osc.stop(at + notes[tone].ms / 1000);
      at += (notes[tone].ms + 60) / 1000;
    }
    navigator.vibrate?.(tone === 'ok' ? 80 : [120, 60, 120, 60, 120]);
  } catch {
    // no audio (autoplay policy before the first tap): the colour still shows
  }
}
