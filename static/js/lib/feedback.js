// Sound and vibration for door verdicts: each verdict sounds different, so staff know the
// answer without looking. Browsers only allow audio after a tap: call unlockAudio() from one.

const PATTERNS = {
  // one bright short beep
  admitted: { wave: "sine", tones: [[1175, 0.14]], vibrate: [90] },
  // two mid beeps
  already_checked_in: { wave: "triangle", tones: [[660, 0.12], [660, 0.12]], vibrate: [80, 70, 80] },
  // a low buzz
  refused: { wave: "square", tones: [[196, 0.5]], vibrate: [320, 120, 320] },
  // three short low beeps: the server did not answer
  error: { wave: "square", tones: [[330, 0.1], [330, 0.1], [330, 0.1]], vibrate: [60, 60, 60, 60, 60] },
};
const GAP_S = 0.07;

let audio = null;

export function unlockAudio() {
  const Context = globalThis.AudioContext || globalThis.webkitAudioContext;
  if (!Context) return;
  if (!audio) audio = new Context();
  if (audio.state === "suspended") audio.resume().catch(() => {});
}

export function patternFor(result) {
  if (result === "admitted") return PATTERNS.admitted;
  if (result === "already_checked_in") return PATTERNS.already_checked_in;
  if (result === "error") return PATTERNS.error;
  return PATTERNS.refused;
}

function beep(pattern) {
  if (!audio || audio.state !== "running") return;
  let at = audio.currentTime + 0.01;
  for (const [frequency, seconds] of pattern.tones) {
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.type = pattern.wave;
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.35, at + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start(at);
    oscillator.stop(at + seconds + 0.02);
    at += seconds + GAP_S;
  }
}

// result: admitted | already_checked_in | unknown_code | revoked | error
export function signal(result, { sound = true, vibration = true } = {}) {
  const pattern = patternFor(result);
  if (sound) beep(pattern);
  if (vibration && typeof navigator.vibrate === "function") navigator.vibrate(pattern.vibrate);
}
