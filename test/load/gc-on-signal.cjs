// Preloaded into the server by `npm run load` (with --expose-gc): SIGUSR2 runs a full garbage
// collection and reports the heap, so that "after" measures what the server keeps, not what
// V8 has yet to return to the system.
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  process.stderr.write(
    `load-gc: heapUsed=${m.heapUsed} heapTotal=${m.heapTotal} external=${m.external} rss=${m.rss}\n`,
  );
});
