import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StampedeError, toStampedeError } from '../errors/stampede-error.js';
import type { LiveFrame } from '../record/gameday-record.js';
import { renderFacilitatorPage, renderPlayerPage } from './dashboard-page.js';
import type { ScheduledFault } from './fault-schedule.js';
import type { GameControl } from './game-control.js';
import type { GameDayPlan } from './plan-types.js';
import { SseChannel } from './sse-channel.js';

export interface DashboardOptions {
  readonly plan: GameDayPlan;
  readonly schedule: readonly ScheduledFault[];
  readonly control: GameControl;
  /** What the facilitator's stream shows of the chaos timeline. */
  readonly chaosState: () => { active: string[]; pending: string[] };
  readonly port: number;
}

export interface Dashboard {
  readonly url: string;
  readonly facilitatorUrl: string;
  readonly token: string;
  /** Pushes one second to every browser (player and facilitator streams). */
  publish(frame: LiveFrame): void;
  viewers(): number;
  peakViewers(): number;
  close(): Promise<void>;
}

const maxBody = 16_384;

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    // A cross-site form can only send form or text bodies: asking for JSON keeps other pages out.
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      reject(new StampedeError('STAMPEDE_USAGE', 'expected a JSON body', { hint: 'send content-type: application/json' }));
      return;
    }
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      try {
        const v = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as unknown;
        resolve(v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {});
      } catch {
        reject(new StampedeError('STAMPEDE_USAGE', 'the body is not JSON', { hint: 'send a JSON object' }));
      }
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}
const sendJson = (res: ServerResponse, status: number, body: unknown) => send(res, status, 'application/json', JSON.stringify(body));

/**
 * The game's HTTP server on 127.0.0.1: two pages, two SSE streams and the action endpoints.
 * The facilitator's page, stream and commands need the random token printed on the terminal;
 * a wrong or missing one gets 403.
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { control, plan } = options;
  const token = randomBytes(16).toString('hex');
  const players = new SseChannel();
  const facilitators = new SseChannel();
  let sentActions = 0;
  let sentFacilitator = 0;
  const tokenOk = (url: URL) => {
    const given = Buffer.from(url.searchParams.get('token') ?? '');
    const want = Buffer.from(token);
    return given.length === want.length && timingSafeEqual(given, want);
  };
  const nonce = () => randomBytes(12).toString('base64');

  const facilitatorCommand = async (command: string, body: Record<string, unknown>): Promise<string> => {
    switch (command) {
      case 'inject':
        await control.inject(body.name);
        return `${String(body.name)} injected`;
      case 'cancel':
        return (await control.cancel(body.name)) ? `${String(body.name)} cancelled` : `${String(body.name)} was neither pending nor active`;
      case 'pause':
        await control.pause();
        return 'load paused';
      case 'resume':
        await control.resume();
        return 'load resumed';
      case 'note':
      case 'action-item':
        control.note(body.text, command);
        return `${command} saved`;
      case 'safety':
        await control.safety();
        return 'every fault removed, load stopped';
      case 'end':
        control.end();
        return 'game ended';
      default:
        throw new StampedeError('STAMPEDE_USAGE', `unknown command ${command}`, {
          hint: 'inject, cancel, pause, resume, note, action-item, safety, end',
        });
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const lastId = req.headers['last-event-id'];
    const last = Array.isArray(lastId) ? lastId[0] : lastId;
    if (req.method === 'GET') {
      if (url.pathname === '/')
        return send(res, 200, 'text/html; charset=utf-8', renderPlayerPage({ plan, categories: control.categories, nonce: nonce() }));
      if (url.pathname === '/events') return players.attach(res, last);
      if (url.pathname === '/facilitator' || url.pathname === '/facilitator/events') {
        if (!tokenOk(url)) return send(res, 403, 'text/plain', 'wrong or missing token: use the facilitator URL printed on the terminal\n');
        if (url.pathname === '/facilitator/events') return facilitators.attach(res, last);
        return send(
          res,
          200,
          'text/html; charset=utf-8',
          renderFacilitatorPage({ plan, categories: control.categories, nonce: nonce(), token, schedule: options.schedule }),
        );
      }
      return send(res, 404, 'text/plain', 'not found\n');
    }
    if (req.method !== 'POST') return send(res, 405, 'text/plain', 'method not allowed\n');
    try {
      const body = await readJson(req);
      if (control.ended) throw new StampedeError('STAMPEDE_USAGE', 'the game is over', { hint: 'see the debrief' });
      if (url.pathname === '/api/detect') {
        const action = control.detect(body.player, body.category, body.text);
        return sendJson(res, 200, { action, message: `incident declared at ${action.atS} s` });
      }
      if (url.pathname === '/api/lever') {
        const action = await control.lever(body.player, body.lever);
        return sendJson(res, action.ok ? 200 : 500, action.ok ? { action, message: action.detail } : { error: { message: action.detail } });
      }
      if (url.pathname.startsWith('/api/facilitator/')) {
        if (!tokenOk(url)) return sendJson(res, 403, { error: { message: 'wrong or missing token' } });
        const message = await facilitatorCommand(url.pathname.slice('/api/facilitator/'.length), body);
        return sendJson(res, 200, { message });
      }
      return send(res, 404, 'text/plain', 'not found\n');
    } catch (err) {
      const error = toStampedeError(err);
      return sendJson(res, error.code === 'STAMPEDE_USAGE' ? 400 : 500, { error: error.toJSON() });
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) send(res, 500, 'text/plain', 'internal error\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/`,
    facilitatorUrl: `${base}/facilitator?token=${token}`,
    token,
    publish(frame) {
      const actions = control.actions.slice(sentActions);
      sentActions = control.actions.length;
      const notes = control.facilitator.slice(sentFacilitator);
      sentFacilitator = control.facilitator.length;
      players.publish(frame.s, 'frame', { frame, actions });
      facilitators.publish(frame.s, 'frame', { frame, actions, facilitator: notes, chaos: options.chaosState() });
    },
    viewers: () => players.size + facilitators.size,
    peakViewers: () => players.peak + facilitators.peak,
    async close() {
      players.publish(Number.MAX_SAFE_INTEGER, 'ended', {});
      facilitators.publish(Number.MAX_SAFE_INTEGER, 'ended', {});
      players.close();
      facilitators.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
