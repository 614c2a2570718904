// Replies leave in the order the session produced them, each after its own delay
// (smtpd_error_sleep_time after smtpd_soft_error_limit errors, the SASL auth_failure_delay);
// the STARTTLS handshake and the close wait their turn behind every earlier reply.
export class OrderedOutput {
  private tail: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly sleepers = new Map<NodeJS.Timeout, () => void>();

  /** Runs `step` after every step queued before it has finished. */
  enqueue(step: () => void | Promise<void>): void {
    this.tail = this.tail.then(() => (this.stopped ? undefined : step())).catch(() => this.stop());
  }

  /** A pause that `stop()` cuts short, so a dead connection leaves no timer behind. */
  sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleepers.delete(timer);
        resolve();
      }, ms);
      this.sleepers.set(timer, resolve);
    });
  }

  /** The connection is gone: drop whatever is still waiting. */
  stop(): void {
    this.stopped = true;
    for (const [timer, resolve] of this.sleepers) {
      clearTimeout(timer);
      resolve();
    }
    this.sleepers.clear();
  }

  get isStopped(): boolean {
    return this.stopped;
  }
}
