import { Socket } from 'node:net';
import pg from 'pg';
import { sleep, untilAborted } from './abortable.js';

export interface PgSampleClientOptions {
  readonly url: string;
  /** Shown in pg_stat_activity, so that the probe's own backend is recognisable. */
  readonly applicationName?: string;
  /** Server-side cap on each statement. Leave unset for the PgBouncer console, which refuses it. */
  readonly statementTimeoutMs?: number;
  /** Bound on one connection attempt (default 2000); only one attempt is ever in progress. */
  readonly connectTimeoutMs?: number;
  /** After this long with an abandoned query outstanding, the connection is dropped (default 3000). */
  readonly staleAfterMs?: number;
}

/**
 * One persistent PostgreSQL (or PgBouncer console) connection for probes, never a pool: the
 * observed server has max_connections 40 and the observers must not compete with the load.
 *
 * A query whose caller gave up (the tick's deadline) stays outstanding on the wire; until it
 * finishes, new queries are refused at once rather than queued behind it, so a stalled server
 * (SIGSTOP, a chaos pause) costs nulls, not a growing queue. If it is still outstanding after
 * `staleAfterMs` the socket is destroyed and the next tick connects afresh: at most one
 * connection attempt per tick, never a reconnect loop. Queries from probes sharing the
 * connection within one tick queue normally, in pg's own queue.
 */
export class PgSampleClient {
  readonly #options: PgSampleClientOptions;
  #client: pg.Client | null = null;
  #socket: Socket | null = null;
  #connecting: Promise<pg.Client> | null = null;
  #outstanding = 0;
  #stuckSince: number | null = null;
  /** Bumped when the socket is dropped, so that late settlements of its queries are ignored. */
  #generation = 0;
  #holders = 0;
  #closed = false;

  constructor(options: PgSampleClientOptions) {
    this.#options = options;
  }

  /** Registers one more user of the shared connection; the returned release closes it when the last user lets go. */
  retain(): () => Promise<void> {
    this.#holders += 1;
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      this.#holders -= 1;
      if (this.#holders <= 0) await this.close();
    };
  }

  /** Runs one statement (simple-query protocol when `values` is absent) and returns its rows. */
  async query<R extends pg.QueryResultRow>(sql: string, values: unknown[] | undefined, signal: AbortSignal): Promise<R[]> {
    if (this.#closed) throw new Error('probe connection closed');
    signal.throwIfAborted();
    if (this.#stuckSince !== null) {
      const age = Date.now() - this.#stuckSince;
      if (age < (this.#options.staleAfterMs ?? 3000)) throw new Error(`connection busy: an abandoned query has run for ${age} ms`);
      this.#drop();
    }
    const client = await untilAborted(this.#connect(), signal);
    const started = Date.now();
    const running = values === undefined ? client.query<R>(sql) : client.query<R>(sql, values);
    this.#outstanding += 1;
    const generation = this.#generation;
    const settled = () => {
      if (generation !== this.#generation) return;
      this.#outstanding -= 1;
      if (this.#outstanding === 0) this.#stuckSince = null;
    };
    running.then(settled, settled);
    try {
      return (await untilAborted(running, signal)).rows;
    } catch (err) {
      if (signal.aborted && this.#outstanding > 0) this.#stuckSince ??= started;
      throw err;
    }
  }

  /** Ends the connection: politely if the server answers within 500 ms, else by destroying the socket. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // A connection attempt still under way is not waited for: destroying its socket ends it.
    const client = this.#client;
    const socket = this.#socket;
    this.#client = null;
    if (client) await Promise.race([client.end().catch(() => {}), sleep(500)]);
    socket?.destroy();
  }

  #connect(): Promise<pg.Client> {
    if (this.#client) return Promise.resolve(this.#client);
    this.#connecting ??= this.#open().finally(() => {
      this.#connecting = null;
    });
    return this.#connecting;
  }

  async #open(): Promise<pg.Client> {
    const { url, applicationName, statementTimeoutMs, connectTimeoutMs } = this.#options;
    const client = new pg.Client({
      connectionString: url,
      application_name: applicationName ?? 'stampede-probe',
      connectionTimeoutMillis: connectTimeoutMs ?? 2000,
      keepAlive: true,
      ...(statementTimeoutMs === undefined ? {} : { statement_timeout: statementTimeoutMs }),
      // Our own socket, so that a connection to a frozen server can always be destroyed.
      stream: () => {
        this.#socket = new Socket();
        return this.#socket;
      },
    });
    const forget = () => {
      if (this.#client === client) this.#client = null;
    };
    client.on('error', forget);
    client.on('end', forget);
    try {
      await client.connect();
    } catch (err) {
      this.#socket?.destroy();
      throw err;
    }
    if (this.#closed) {
      this.#socket?.destroy();
      throw new Error('probe connection closed');
    }
    this.#client = client;
    return client;
  }

  #drop(): void {
    this.#generation += 1;
    this.#client = null;
    this.#stuckSince = null;
    this.#outstanding = 0;
    this.#socket?.destroy();
    this.#socket = null;
  }
}
