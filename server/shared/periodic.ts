/**
 * Runs `pass` every `seconds` (0: never) in the background, never keeping the process alive; the
 * returned stop waits for a pass in flight. The timers and the file sweep both run this way.
 */
export function every(seconds: number, pass: () => Promise<unknown>): () => Promise<void> {
  if (seconds === 0) return () => Promise.resolve();
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = pass();
  }, seconds * 1000);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
