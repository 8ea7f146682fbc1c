// Page weight of every page type on a first visit, as the machine's Chromium loads it: each page in a fresh browser
// context with the cache off, every request the page makes until the network is quiet (the map's boundary data and
// partners, fetched by its script, included). Per page: bytes after decoding (HTML + CSS + JS + images + fonts + data),
// bytes as served (the response bodies on the wire, compressed when the server compressed them), and the same two
// for JavaScript. Budgets (issue 13): <= 500 KB decoded in all, <= 100 KB of JavaScript as served.
//
// No dependencies: Node talks to Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe).
// Usage: node bench/page-weight/page-weight.mjs BASE_URL [lang ...]   (default languages: en fi)
import { spawn } from 'node:child_process';

const base = (process.argv[2] ?? 'http://127.0.0.1:5080').replace(/\/$/, '');
const languages = process.argv.length > 3 ? process.argv.slice(3) : ['en', 'fi'];
const KB = 1024, TOTAL_BUDGET = 500 * KB, JS_BUDGET = 100 * KB;

// Path after /{lang}/, and for lists the link whose target is measured too (a partner, a practice...).
const pageTypes = [
  ['home', '', null],
  ['partners', 'partners', ['a partner', "main .partner-list a[href*='/partners/']"]],
  ['practices', 'practices', ['a practice', "main .practice-card a[href*='/practices/']"]],
  ['marketplace (offers)', 'marketplace', ['an offer', "main a[href*='/marketplace/offers/']:not([href$='/new'])"]],
  ['marketplace (requests)', 'marketplace?show=requests', ['a request', "main a[href*='/marketplace/requests/']:not([href$='/new'])"]],
  ['targets', 'targets', null],
  ['a target', 'targets/kmgbf/12', null],
  ['commitments', 'commitments', ['a commitment', "main .commitment-cards a[href*='/commitments/']"]],
  ['commitments dashboard', 'commitments/dashboard', null],
  ['search', 'search?q=water', null],
  ['map', 'map', null],
  ['glossary', 'glossary', null],
  ['open data', 'open-data', null],
  ['networks', 'networks', null],
  ['accessibility', 'accessibility', null],
  ['privacy', 'privacy', null],
  ['sign in', 'account/sign-in', null],
  ['register', 'account/register', null],
  ['events', 'events', null],
  ['helpdesk', 'helpdesk', null],
];

const chromium = spawn('/usr/bin/chromium', [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--remote-debugging-pipe', 'about:blank',
], { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'] });
const toBrowser = chromium.stdio[3], fromBrowser = chromium.stdio[4];

let nextId = 1;
const pending = new Map();
const listeners = new Set();
let buffer = '';
fromBrowser.on('data', chunk => {
  buffer += chunk.toString('utf8');
  let end;
  while ((end = buffer.indexOf('\0')) >= 0) {
    const message = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    if (message.id && pending.has(message.id)) {
      const { resolve, reject } = pending.get(message.id);
      pending.delete(message.id);
      message.error ? reject(new Error(JSON.stringify(message.error))) : resolve(message.result);
    } else if (message.method) for (const l of listeners) l(message);
  }
});
function send(method, params = {}, sessionId) {
  const id = nextId++;
  toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + '\0');
  return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
}

/** Loads one URL in a fresh context; returns its requests with decoded and served sizes, and a way to read the DOM. */
async function load(url, follow) {
  const { browserContextId } = await send('Target.createBrowserContext');
  const { targetId } = await send('Target.createTarget', { url: 'about:blank', browserContextId });
  const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
  const requests = new Map();
  let loaded = false, lastActivity = Date.now();
  const listener = m => {
    if (m.sessionId !== sessionId) return;
    const p = m.params;
    switch (m.method) {
      case 'Network.requestWillBeSent': requests.set(p.requestId, { url: p.request.url, type: p.type, decoded: 0, served: 0, headers: 0, done: false }); lastActivity = Date.now(); break;
      case 'Network.responseReceived': { const r = requests.get(p.requestId); if (r) { r.type = p.type; r.status = p.response.status; r.encoding = Object.entries(p.response.headers).find(([k]) => k.toLowerCase() === 'content-encoding')?.[1] ?? ''; r.headers = p.response.encodedDataLength; } lastActivity = Date.now(); break; }
      case 'Network.dataReceived': { const r = requests.get(p.requestId); if (r) r.decoded += p.dataLength; lastActivity = Date.now(); break; }
      case 'Network.loadingFinished': { const r = requests.get(p.requestId); if (r) { r.served = Math.max(0, p.encodedDataLength - r.headers); r.done = true; } lastActivity = Date.now(); break; }
      case 'Network.loadingFailed': { const r = requests.get(p.requestId); if (r) { r.failed = p.errorText; r.done = true; } lastActivity = Date.now(); break; }
      case 'Page.loadEventFired': loaded = true; break;
    }
  };
  listeners.add(listener);
  await send('Page.enable', {}, sessionId);
  await send('Network.enable', {}, sessionId);
  await send('Network.setCacheDisabled', { cacheDisabled: true }, sessionId);
  await send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 900, deviceScaleFactor: 1, mobile: false }, sessionId);
  await send('Page.navigate', { url }, sessionId);
  const deadline = Date.now() + 30000;
  // loaded, and no request open or begun for 750 ms (the map fetches its data after the load event)
  while (Date.now() < deadline && !(loaded && [...requests.values()].every(r => r.done) && Date.now() - lastActivity > 750))
    await new Promise(r => setTimeout(r, 50));
  let next = null;
  if (follow) {
    const { result } = await send('Runtime.evaluate', { expression: `document.querySelector(${JSON.stringify(follow)})?.getAttribute('href') ?? ''`, returnByValue: true }, sessionId);
    next = result.value || null;
  }
  listeners.delete(listener);
  await send('Target.closeTarget', { targetId });
  await send('Target.disposeBrowserContext', { browserContextId });
  return { requests: [...requests.values()], next };
}

function summarise(name, lang, url, requests) {
  const ok = requests.filter(r => !r.failed && !r.url.startsWith('data:'));
  const sum = (list, f) => list.reduce((s, r) => s + r[f], 0);
  const js = ok.filter(r => r.type === 'Script');
  const row = {
    page: name, lang, url, requests: ok.length,
    decoded: sum(ok, 'decoded'), served: sum(ok, 'served'), jsDecoded: sum(js, 'decoded'), jsServed: sum(js, 'served'),
    largest: [...ok].sort((a, b) => b.decoded - a.decoded).slice(0, 3).map(r => `${new URL(r.url).pathname.split('/').pop() || new URL(r.url).pathname} ${(r.decoded / KB).toFixed(0)}${r.encoding ? ' (' + r.encoding + ' ' + (r.served / KB).toFixed(0) + ')' : ''}`),
    failed: requests.filter(r => r.failed).map(r => r.url),
  };
  row.within = row.decoded <= TOTAL_BUDGET && row.jsServed <= JS_BUDGET;
  return row;
}

const rows = [];
try {
  for (const lang of languages)
    for (const [name, path, detail] of pageTypes) {
      const url = `${base}/${lang}/${path}`;
      const first = await load(url, detail?.[1]);
      rows.push(summarise(name, lang, url, first.requests));
      if (detail && first.next) {
        const second = await load(new URL(first.next, base).href, null);
        rows.push(summarise(detail[0], lang, new URL(first.next, base).href, second.requests));
      }
    }
} finally {
  chromium.kill();
}

const kb = n => (n / KB).toFixed(1);
console.log(`Page weight, first visit (cache off), ${base}, ${new Date().toISOString().slice(0, 10)}. KB = 1,024 bytes.`);
console.log('Decoded: every response body after decompression (HTML, CSS, JS, images, fonts, data). Served: the bodies as sent on the wire.');
console.log(`Budgets: decoded total <= ${TOTAL_BUDGET / KB} KB, JavaScript as served <= ${JS_BUDGET / KB} KB.\n`);
console.log('| page type | lang | requests | total decoded KB | total served KB | JS decoded KB | JS served KB | within budget | largest (KB decoded, served) |');
console.log('|---|---|---:|---:|---:|---:|---:|---|---|');
for (const r of rows)
  console.log(`| ${r.page} | ${r.lang} | ${r.requests} | ${kb(r.decoded)} | ${kb(r.served)} | ${kb(r.jsDecoded)} | ${kb(r.jsServed)} | ${r.within ? 'yes' : '**no**'} | ${r.largest.join('; ')} |`);
const failed = rows.flatMap(r => r.failed);
if (failed.length) console.log(`\nFailed requests: ${failed.join(', ')}`);
const over = rows.filter(r => !r.within);
console.log(`\n${rows.length} pages, ${over.length} over budget. Heaviest: ${[...rows].sort((a, b) => b.decoded - a.decoded)[0].page} (${kb([...rows].sort((a, b) => b.decoded - a.decoded)[0].decoded)} KB decoded); most JavaScript as served: ${[...rows].sort((a, b) => b.jsServed - a.jsServed)[0].page} (${kb([...rows].sort((a, b) => b.jsServed - a.jsServed)[0].jsServed)} KB).`);
process.exitCode = over.length ? 1 : 0;
