/** Reads a subscription one event at a time, with a deadline, and can tell a quiet stream from an ended one. */
export function reader<T>(iterable: AsyncIterable<T>) {
  const iterator = iterable[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<T>> | null = null;
  const settle = async (timeoutMs: number): Promise<IteratorResult<T> | 'quiet'> => {
    pending ??= iterator.next();
    let timer: NodeJS.Timeout | undefined;
    const quiet = new Promise<'quiet'>((resolve) => (timer = setTimeout(resolve, timeoutMs, 'quiet')));
    const result = await Promise.race([pending, quiet]).finally(() => clearTimeout(timer));
    if (result !== 'quiet') pending = null;
    return result;
  };
  return {
    // A deadline, not a timing goal: generous, for a loaded CI machine (browser tests, npm installs run beside).
    async next(timeoutMs = 15_000): Promise<T> {
      const result = await settle(timeoutMs);
      if (result === 'quiet') throw new Error(`no event within ${timeoutMs} ms`);
      if (result.done) throw new Error('the stream ended');
      return result.value;
    },
    async take(count: number): Promise<T[]> {
      const events: T[] = [];
      while (events.length < count) events.push(await this.next());
      return events;
    },
    /** Every event until none arrives for `ms`. */
    async drain(ms = 300): Promise<T[]> {
      const events: T[] = [];
      for (let result = await settle(ms); result !== 'quiet'; result = await settle(ms)) {
        if (result.done) break;
        events.push(result.value);
      }
      return events;
    },
    /** Fails if an event arrives within `ms`. */
    async quiet(ms = 300): Promise<void> {
      const result = await settle(ms);
      if (result !== 'quiet') throw new Error(`expected no event, got ${JSON.stringify(result)}`);
    },
    /** How the stream ended: `done`, or the error it ended with. */
    async end(timeoutMs = 15_000): Promise<'done' | Error> {
      try {
        const result = await settle(timeoutMs);
        if (result === 'quiet') throw new Error(`the stream did not end within ${timeoutMs} ms`);
        if (!result.done) throw new Error(`expected the end, got ${JSON.stringify(result.value)}`);
        return 'done';
      } catch (error) {
        return error as Error;
      }
    },
  };
}
