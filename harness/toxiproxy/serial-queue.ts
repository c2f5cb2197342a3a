/**
 * Runs async tasks one at a time, in arrival order. API requests that bind or close listeners
 * await in the middle; without this two creates of one name could both pass the existence check.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
