/**
 * The dashboard's browser code, inlined into each page (no file to fetch, nothing from a CDN).
 * It only renders: the server pushes one event a second over SSE, and the page redraws its SVG
 * charts from the frames it holds. Kept as plain ES2020 text because the harness compiles for
 * Node (no DOM types); it reads its settings from the page's JSON config block.
 */
export const dashboardScript = String.raw`
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('config').textContent);
  var frames = [];
  var lastS = -1;
  var W = 600, H = 170, L = 44, R = 8, T = 8, B = 20;
  var SVG = 'http://www.w3.org/2000/svg';

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs || {}) node.setAttribute(k, attrs[k]);
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function valueOf(frame, key) {
    if (key.indexOf('errorsByKind.') === 0) return frame.errorsByKind[key.slice(13)] || 0;
    var v = frame[key];
    return typeof v === 'number' ? v : null;
  }
  function fmt(v) {
    if (v === null || v === undefined) return '-';
    return Math.abs(v) >= 100 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
  }
  function clock(s) {
    var m = Math.floor(s / 60), r = Math.floor(s % 60);
    return m + ':' + (r < 10 ? '0' : '') + r;
  }

  var charts = config.charts.map(function (spec) {
    var fig = document.querySelector('figure[data-chart="' + spec.id + '"]');
    var svg = fig.querySelector('svg');
    var grid = document.createElementNS(SVG, 'g');
    svg.appendChild(grid);
    var paths = spec.series.map(function (s) {
      var p = document.createElementNS(SVG, 'path');
      p.setAttribute('fill', 'none');
      p.setAttribute('stroke', s.color);
      p.setAttribute('stroke-width', '1.6');
      p.setAttribute('data-key', s.key);
      svg.appendChild(p);
      return p;
    });
    return { spec: spec, svg: svg, grid: grid, paths: paths, legend: fig.querySelector('.legend') };
  });

  function draw() {
    var n = frames.length;
    var from = n > 0 ? frames[0].s : 0;
    var to = Math.max(from + 60, lastS + 1);
    var x = function (s) { return L + ((s - from) / (to - from)) * (W - L - R); };
    charts.forEach(function (c) {
      var max = 0, min = Infinity;
      frames.forEach(function (f) {
        c.spec.series.forEach(function (s) {
          var v = valueOf(f, s.key);
          if (v !== null) { max = Math.max(max, v); if (v > 0) min = Math.min(min, v); }
        });
      });
      var log = c.spec.log && max > 0;
      var lo = log ? Math.max(0.1, Math.min(min, max / 10)) : 0;
      var hi = max > 0 ? max * 1.1 : 1;
      var y = function (v) {
        var t = log ? (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo) || 1) : v / hi;
        return H - B - t * (H - B - T);
      };
      var g = '';
      [0, 0.5, 1].forEach(function (t) {
        var v = log ? Math.pow(10, Math.log10(lo) + t * (Math.log10(hi) - Math.log10(lo))) : t * hi;
        var yy = y(v).toFixed(1);
        g += '<line x1="' + L + '" x2="' + (W - R) + '" y1="' + yy + '" y2="' + yy + '" stroke="#ddd"/>' +
          '<text x="' + (L - 4) + '" y="' + (Number(yy) + 3) + '" text-anchor="end" font-size="10" fill="#666">' + fmt(v) + '</text>';
      });
      g += '<text x="' + L + '" y="' + (H - 4) + '" font-size="10" fill="#666">' + clock(from) + '</text>' +
        '<text x="' + (W - R) + '" y="' + (H - 4) + '" font-size="10" fill="#666" text-anchor="end">' + clock(to) + '</text>';
      c.grid.innerHTML = g;
      c.paths.forEach(function (p, i) {
        var key = c.spec.series[i].key, d = '', pen = false;
        frames.forEach(function (f) {
          var v = valueOf(f, key);
          if (v === null) { pen = false; return; }
          d += (pen ? 'L' : 'M') + x(f.s + 0.5).toFixed(1) + ' ' + y(v).toFixed(1);
          pen = true;
        });
        p.setAttribute('d', d);
      });
      c.svg.setAttribute('data-points', String(n));
      var last = frames[n - 1];
      c.legend.innerHTML = '';
      c.spec.series.forEach(function (s) {
        var item = el('span', { class: 'key' });
        item.appendChild(el('i', { style: 'background:' + s.color }));
        item.appendChild(document.createTextNode(s.label + ' ' + (last ? fmt(valueOf(last, s.key)) : '-')));
        c.legend.appendChild(item);
      });
    });
  }

  var log = document.getElementById('log');
  function addLog(line, cls) {
    var li = el('li', { class: cls || '' }, line);
    log.insertBefore(li, log.firstChild);
  }
  function onAction(a) {
    if (a.type === 'detect') addLog(clock(a.atS) + ' ' + a.player + ' declared an incident: ' + a.category + (a.text ? ' (' + a.text + ')' : ''), 'detect');
    else addLog(clock(a.atS) + ' ' + a.player + ' pulled ' + a.lever + ': ' + a.detail, a.ok ? 'lever' : 'lever failed');
  }
  function onFacilitator(a) {
    addLog(clock(a.atS) + ' facilitator ' + a.type + ': ' + a.text, 'facilitator');
  }
  function onChaos(state) {
    var box = document.getElementById('chaos-state');
    if (!box) return;
    box.textContent = 'active: ' + (state.active.join(', ') || 'none') + ' | pending: ' + (state.pending.join(', ') || 'none');
    document.querySelectorAll('[data-fault]').forEach(function (row) {
      var name = row.getAttribute('data-fault');
      row.setAttribute('data-state', state.active.indexOf(name) >= 0 ? 'active' : state.pending.indexOf(name) >= 0 ? 'pending' : 'idle');
    });
  }

  var digest = 0;
  function hash(h, text) {
    for (var i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) >>> 0;
    return h;
  }
  var status = document.getElementById('status');
  var source = new EventSource(config.events);
  source.addEventListener('open', function () { status.textContent = 'live'; status.className = 'live'; });
  source.addEventListener('error', function () { status.textContent = 'reconnecting'; status.className = 'down'; });
  source.addEventListener('frame', function (e) {
    var data = JSON.parse(e.data);
    (data.actions || []).forEach(onAction);
    (data.facilitator || []).forEach(onFacilitator);
    if (data.chaos) onChaos(data.chaos);
    if (data.frame.s > lastS) {
      frames.push(data.frame);
      lastS = data.frame.s;
      // What this browser has received, for anyone checking that every browser saw the same.
      digest = hash(digest, e.data.length > 0 ? JSON.stringify(data.frame) : '');
      document.body.setAttribute('data-digest', String(digest));
      document.body.setAttribute('data-last-s', String(lastS));
      document.getElementById('clock').textContent = clock(lastS + 1);
      document.getElementById('load-state').textContent = data.frame.loadRunning ? 'load running' : 'load paused';
    }
    draw();
  });
  source.addEventListener('ended', function () {
    status.textContent = 'game over';
    document.body.setAttribute('data-ended', 'true');
    status.className = 'down';
    source.close();
  });

  var nameBox = document.getElementById('player');
  if (nameBox) nameBox.value = localStorage.getItem('stampede-player') || '';
  var said = document.getElementById('said');
  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
      .then(function (r) {
        said.textContent = r.ok ? (r.body.message || 'done') : 'refused: ' + (r.body.error && r.body.error.message);
        said.className = r.ok ? 'ok' : 'bad';
        return r;
      });
  }
  function player() {
    var name = nameBox.value.trim();
    localStorage.setItem('stampede-player', name);
    return name;
  }
  var detect = document.getElementById('detect');
  if (detect) detect.addEventListener('submit', function (e) {
    e.preventDefault();
    post('/api/detect', { player: player(), category: document.getElementById('category').value, text: document.getElementById('hypothesis').value });
  });
  document.querySelectorAll('button[data-lever]').forEach(function (b) {
    b.addEventListener('click', function () { post('/api/lever', { player: player(), lever: b.getAttribute('data-lever') }); });
  });
  document.querySelectorAll('button[data-command]').forEach(function (b) {
    b.addEventListener('click', function () {
      var body = { name: b.getAttribute('data-name') || undefined };
      var field = b.getAttribute('data-text');
      if (field) body.text = document.getElementById(field).value;
      post('/api/facilitator/' + b.getAttribute('data-command') + '?token=' + encodeURIComponent(config.token), body);
    });
  });
})();
`;
