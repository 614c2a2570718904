// curl's progress meter (curl 7.88.1, lib/progress.c): the two header lines, then one line
// redrawn in place ("\r") whenever the clock's second has changed, and a last forced one
// followed by a newline when the transfer is done. Times are curl's own, in microseconds
// since it started.

const HEADER =
  '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' +
  '                                 Dload  Upload   Total   Spent    Left  Speed\n';

/** Seconds of "current speed" history (CURR_TIME: 5 + 1 entries). */
const CURR_TIME = 6;

/** curl sleeps in curl_multi_poll() for 1000 ms when nothing happens, and each round costs it
 * a little: the recorded 133.4 s connect timeout shows 132 redraws, the 120 s response
 * timeout 119 (shared/fidelity/network/drop.json, connect-ok-no-banner.json). */
export const WAKE_US = 1_003_000;

/** max5data(): a count in at most five characters ("   36", " 9999k", "34.3M"). */
export function max5data(bytes: number): string {
  const K = 1024;
  const M = K * K;
  const G = K * M;
  const whole = (n: number) => Math.floor(n);
  if (bytes < 100000) return String(bytes).padStart(5);
  if (bytes < 10000 * K) return `${String(whole(bytes / K)).padStart(4)}k`;
  if (bytes < 100 * M)
    return `${String(whole(bytes / M)).padStart(2)}.${whole((bytes % M) / (M / 10))}M`;
  if (bytes < 10000 * M) return `${String(whole(bytes / M)).padStart(4)}M`;
  if (bytes < 100 * G)
    return `${String(whole(bytes / G)).padStart(2)}.${whole((bytes % G) / (G / 10))}G`;
  return `${String(whole(bytes / G)).padStart(4)}G`;
}

/** time2str(): "--:--:--" for nothing, " 0:02:13", or days and hours past 99 hours. */
export function time2str(seconds: number): string {
  if (seconds <= 0) return '--:--:--';
  const h = Math.floor(seconds / 3600);
  const two = (n: number) => String(n).padStart(2, '0');
  if (h <= 99) {
    const m = Math.floor((seconds - h * 3600) / 60);
    const s = seconds - h * 3600 - m * 60;
    return `${String(h).padStart(2)}:${two(m)}:${two(s)}`;
  }
  const d = Math.floor(seconds / 86400);
  const hours = Math.floor((seconds - d * 86400) / 3600);
  return d <= 999 ? `${String(d).padStart(3)}d ${two(hours)}h` : `${String(d).padStart(7)}d`;
}

/** trspeed(): bytes per second, integer. */
function trspeed(bytes: number, us: number): number {
  return us < 1 ? bytes * 1_000_000 : Math.floor((bytes * 1_000_000) / us);
}

/** Curl_timediff(): milliseconds between two instants, as curl counts them (seconds and the
 * truncated difference of the microseconds). */
function timediffMs(newer: number, older: number): number {
  const seconds = Math.floor(newer / 1e6) - Math.floor(older / 1e6);
  return seconds * 1000 + Math.trunc(((newer % 1e6) - (older % 1e6)) / 1000);
}

export class ProgressMeter {
  readonly #write: (text: string) => void;
  /** The clock's second when the line was last drawn (lastshow); null before the first. */
  #lastShown: number | null = null;
  #headerShown = false;
  #speeder: { bytes: number; at: number }[] = [];
  #speederCount = 0;
  #currentSpeed = 0;
  #uploaded = 0;
  /** The upload's size once curl knows it (after the 354); null: unknown. */
  #uploadSize: number | null = null;

  constructor(write: (text: string) => void) {
    this.#write = write;
  }

  set uploaded(bytes: number) {
    this.#uploaded = bytes;
  }

  get uploaded(): number {
    return this.#uploaded;
  }

  set uploadSize(bytes: number | null) {
    this.#uploadSize = bytes;
  }

  /** Curl_pgrsUpdate(): draw the line if the clock's second has changed since the last. */
  update(now: number): void {
    if (this.#lastShown === Math.floor(now / 1e6)) return;
    this.#lastShown = Math.floor(now / 1e6);
    this.#measure(now);
    this.#draw(now);
  }

  /** Curl_pgrsDone(): a last, forced line, and the newline that keeps it. */
  done(now: number): void {
    this.#lastShown = null;
    this.update(now);
    this.#write('\n');
    this.#speederCount = 0;
  }

  /** The "current speed": the bytes of the last few seconds (progress_calc()). */
  #measure(now: number): void {
    const index = this.#speederCount % CURR_TIME;
    this.#speeder[index] = { bytes: this.#uploaded, at: now };
    this.#speederCount++;
    const counted = Math.min(this.#speederCount, CURR_TIME) - 1;
    if (counted === 0) {
      this.#currentSpeed = trspeed(this.#uploaded, now);
      return;
    }
    const oldest =
      this.#speeder[this.#speederCount >= CURR_TIME ? this.#speederCount % CURR_TIME : 0]!;
    const spanMs = Math.max(1, timediffMs(now, oldest.at));
    this.#currentSpeed = Math.floor(((this.#uploaded - oldest.bytes) * 1000) / spanMs);
  }

  /** progress_meter(): one line, without its newline. */
  #draw(now: number): void {
    if (!this.#headerShown) {
      this.#write(HEADER);
      this.#headerShown = true;
    }
    const spent = Math.floor(now / 1e6);
    const speed = trspeed(this.#uploaded, now);
    const size = this.#uploadSize;
    let estimate = 0;
    let percent = 0;
    if (size !== null && speed > 0) {
      estimate = Math.floor(size / speed);
      if (size > 10000) percent = Math.floor(this.#uploaded / Math.floor(size / 100));
      else if (size > 0) percent = Math.floor((this.#uploaded * 100) / size);
    }
    const expected = size ?? this.#uploaded;
    const totalPercent =
      expected > 10000
        ? Math.floor(this.#uploaded / Math.floor(expected / 100))
        : expected > 0
          ? Math.floor((this.#uploaded * 100) / expected)
          : 0;
    const p3 = (n: number) => String(n).padStart(3);
    this.#write(
      `\r${p3(totalPercent)} ${max5data(expected)}  ${p3(0)} ${max5data(0)}  ` +
        `${p3(percent)} ${max5data(this.#uploaded)}  ${max5data(0)}  ${max5data(speed)} ` +
        `${time2str(estimate)} ${time2str(spent)} ${time2str(estimate > 0 ? estimate - spent : 0)} ` +
        max5data(this.#currentSpeed),
    );
  }
}
