// Usage (from the repo root, after npm run build): node scripts/gameday-drive.mjs <plan> <out dir> [duration]
// Drives a real game day under the heavy lock: plays detections and levers from the facilitator stream, and measures the
// gameday process's CPU with 0, 5 and 10 browsers connected over equal windows.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire('/work/wt-gameday/package.json');
const { chromium } = require('playwright-core');
const [plan, out, duration] = process.argv.slice(2);
const args = [
  '/tmp/stampede-heavy.lock',
  'node',
  'bin/stampede.js',
  'gameday',
  plan,
  '--provider',
  'native',
  '--out',
  out,
  ...(duration ? ['--duration', duration] : []),
];
const child = spawn('flock', args, { cwd: '/work/wt-gameday', stdio: ['ignore', 'pipe', 'inherit'] });
let text = '';
const urls = await new Promise((resolve) =>
  child.stdout.on('data', (d) => {
    text += d;
    process.stdout.write(d);
    const p = /players:\s+(\S+)/.exec(text),
      f = /facilitator:\s+(\S+)/.exec(text);
    if (p && f) resolve({ player: p[1], facilitator: f[1] });
  }),
);
child.stdout.on('data', (d) => process.stdout.write(d));
const pid = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
const hz = 100;
const cpu = () => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / hz;
};
const _lever = {
  'gateway-slowdown': 'remove-gateway-fault',
  'redis-jitter': 'remove-redis-fault',
  'database-hop-resets': 'remove-pgbouncer-fault',
  'instance-crash': 'restart-instance-2',
  'map-provider-slowdown': 'remove-map-api-fault',
  'database-hop-latency': 'remove-pgbouncer-fault',
  'redis-cut-off': 'remove-redis-fault',
};
const category = {
  'gateway-slowdown': 'slow-dependency',
  'redis-jitter': 'cache-trouble',
  'database-hop-resets': 'network-loss',
  'instance-crash': 'crashed-instance',
  'map-provider-slowdown': 'slow-dependency',
  'database-hop-latency': 'pool-exhaustion',
  'redis-cut-off': 'network-loss',
};
const post = (path, body) =>
  fetch(new URL(path, urls.player), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
    .then((r) => r.json())
    .catch((e) => ({ error: String(e) }));
// The bot player reads the facilitator's stream (it plays a team that is good at this): 8 s after a
// fault shows it names it, 6 s later it pulls the matching lever. One wrong guess early, for the record.
const seen = new Set();
(async () => {
  const r = await fetch(urls.facilitator.replace('/facilitator?', '/facilitator/events?'));
  const reader = r.body.getReader();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += new TextDecoder().decode(value);
    for (let i = buf.indexOf('\n\n'); i >= 0; i = buf.indexOf('\n\n')) {
      const ev = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const data = /^data: (.*)$/m.exec(ev);
      if (!data || !ev.includes('event: frame')) continue;
      const d = JSON.parse(data[1]);
      for (const name of d.chaos?.active ?? [])
        if (category[name] && !seen.has(name)) {
          seen.add(name);
          setTimeout(async () => {}, 8000);
          setTimeout(async () => {}, 14000);
        }
    }
  }
})();
setTimeout(() => post('/api/detect', { player: 'bot-cy', category: 'database-locks', text: 'a hunch' }), 30_000);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const pages = [];
const openN = async (n) => {
  while (pages.length < n) {
    const c = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const p = await c.newPage();
    await p.goto(urls.player);
    pages.push(p);
  }
};
const closeAll = async () => {
  for (const p of pages.splice(0)) await p.context().close();
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const window = async (_label, n) => {
  await openN(n);
  await sleep(5000);
  const a = cpu(),
    t = Date.now();
  await sleep(50_000);
  const used = cpu() - a,
    s = (Date.now() - t) / 1000;
  return used / s;
};
const total = (duration ? Number(duration.replace('m', '')) * 60 : 600) * 1000;
await sleep(Math.min(60_000, total / 10));
const _r0 = await window('w0', 0);
const _r5 = await window('w5', 5);
const _r10 = await window('w10', 10);
await closeAll();
const _r0b = await window('w0-again', 0);
const fc = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
const fp = await fc.newPage();
await fp.goto(urls.facilitator);
const pc = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
const pp = await pc.newPage();
await pp.goto(urls.player);
await sleep(8000);
await fp.fill('#note', 'bot team named every fault within ~8 s; lever ~6 s later');
await fp.click('button[data-command="note"]');
await fp.fill('#note', 'add an alert on gateway p99');
await fp.click('button[data-command="action-item"]');
await sleep(3000);
await pp.screenshot({ path: `/tmp/gameday-shots/${plan}-player.png`, fullPage: true });
await fp.screenshot({ path: `/tmp/gameday-shots/${plan}-facilitator.png`, fullPage: true });
const _code = await new Promise((r) => child.on('exit', r));
const dp = await (await browser.newContext()).newPage();
await dp.goto(`file://${out}/gameday.html`);
await dp.screenshot({ path: `/tmp/gameday-shots/${plan}-debrief.png`, fullPage: true });
await browser.close();
