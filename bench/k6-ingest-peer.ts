/**
 * The k6 ingest bench's peer: node:readline over each file, JSON.parse of every line, a count.
 * It builds no histogram and no timeline, so it is a floor on what a line-by-line reader costs.
 * Prints the number of lines parsed.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

let parsed = 0;
for (const file of process.argv.slice(2)) {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (line === '') continue;
    JSON.parse(line);
    parsed++;
  }
}
process.stdout.write(`${parsed}\n`);
