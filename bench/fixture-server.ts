/**
 * The benchmarks' HTTP fixture, run as its own process (`node dist/bench/fixture-server.js`): a
 * canned keep-alive 200 per request, and the ground truth of every load bench. It counts the
 * requests it answers, so a generator's throughput is measured where it lands, not where the
 * generator says it sent it. Prints its port on stdout; answers an IPC `count` with `{ count }`.
 */
import { createServer, Socket } from 'node:net';

const response = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\nConnection: keep-alive\r\n\r\nok');
const batches = [response];
for (let i = 1; i < 64; i++) batches.push(Buffer.concat([batches[i - 1] as Buffer, response]));
const shared = Buffer.allocUnsafe(64 * 1024);
let answered = 0;

interface ParseState {
  /** How much of "\r\n\r\n" the previous read ended with. */
  blank: number;
}

// Requests are counted by their blank line, so one read carrying several requests gets as many
// responses in a single write.
function answer(socket: Socket, chunk: Buffer, length: number, state: ParseState): void {
  let n = 0;
  let s = state.blank;
  for (let i = 0; i < length; i++) {
    const c = chunk[i];
    if (c === 13) s = s === 2 ? 3 : 1;
    else if (c === 10) {
      if (s === 3) {
        n++;
        s = 0;
      } else s = s === 1 ? 2 : 0;
    } else s = 0;
  }
  state.blank = s;
  if (n === 0) return;
  answered += n;
  socket.write(n <= 64 ? (batches[n - 1] as Buffer) : Buffer.concat(Array(n).fill(response)));
}

const server = createServer({ noDelay: true, pauseOnConnect: true }, (accepted) => {
  const state: ParseState = { blank: 0 };
  // A plain 'data' server tops out near 160k req/s on one core of our machines, below what the
  // generators reach. Re-wrapping the accepted handle in a Socket with `onread` (a reused read
  // buffer, no stream machinery) lifts it well above; if a Node version refuses the re-wrap,
  // fall back to 'data' events and the fixture CPU line will show it saturating.
  const handle = (accepted as unknown as { _handle?: unknown })._handle;
  if (handle) {
    (accepted as unknown as { _handle: unknown })._handle = null;
    try {
      const socket: Socket = new Socket({
        handle,
        readable: true,
        writable: true,
        onread: { buffer: shared, callback: (n: number, buf: Uint8Array) => answer(socket, buf as Buffer, n, state) },
      } as ConstructorParameters<typeof Socket>[0]);
      socket.on('error', () => {});
      socket.resume();
      return;
    } catch {
      (accepted as unknown as { _handle: unknown })._handle = handle;
    }
  }
  accepted.on('data', (chunk: Buffer) => answer(accepted, chunk, chunk.length, state));
  accepted.on('error', () => {});
  accepted.resume();
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('message', (message) => {
  if (message === 'count') process.send?.({ count: answered });
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));
