// Drives headless Chromium over the DevTools protocol (on loopback), with the `ws` package only: opens
// page.html from the origin listed in cors.allowedOrigins and from one that is not, runs each page's checks in the
// browser and prints one line per check, "PASS <name>" or "FAIL <name>: <why>".
//
//   node chromium.js <gateway port> <listed page URL> <unlisted page URL>
'use strict';
const {spawn} = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const WebSocket = require('ws');

const [gatewayPort, listedPage, unlistedPage] = process.argv.slice(2);
const browserBinary = process.env.CHROMIUM || 'chromium';
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'real-clients-chromium-'));

function startBrowser() {
  const browser = spawn(browserBinary, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--no-default-browser-check', '--disable-extensions', '--user-data-dir=' + profile,
    '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', 'about:blank'],
  // A process group of its own, so that its helpers (which keep writing to the profile) can be stopped with it.
  {stdio: ['ignore', 'ignore', 'pipe'], detached: true});
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error('Chromium did not start: ' + output)), 30000);
    browser.stderr.on('data', chunk => {
      output += chunk;
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({browser, url: match[1]});
      }
    });
    browser.on('exit', code => reject(new Error('Chromium exited with ' + code + ': ' + output)));
  });
}

/** A minimal DevTools client: send(method, params, sessionId) resolves with the result; on(event) waits for one. */
function connect(url) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, {perMessageDeflate: false, maxPayload: 256 * 1024 * 1024});
    let nextId = 1;
    const pending = new Map();
    const waiters = [];
    socket.on('message', data => {
      const message = JSON.parse(data);
      if (message.id && pending.has(message.id)) {
        const {resolve: done, reject: failed} = pending.get(message.id);
        pending.delete(message.id);
        message.error ? failed(new Error(JSON.stringify(message.error))) : done(message.result);
      } else if (message.method) {
        waiters.filter(w => w.method === message.method).forEach(w => { waiters.splice(waiters.indexOf(w), 1); w.resolve(message.params); });
      }
    });
    socket.on('error', reject);
    socket.on('open', () => resolve({
      send(method, params = {}, sessionId) {
        const id = nextId++;
        socket.send(JSON.stringify({id, method, params, sessionId}));
        return new Promise((done, failed) => pending.set(id, {resolve: done, reject: failed}));
      },
      next(method) {
        return new Promise(done => waiters.push({method, resolve: done}));
      },
      close() { socket.close(); },
    }));
  });
}

async function runPage(devtools, url) {
  const {targetId} = await devtools.send('Target.createTarget', {url: 'about:blank'});
  const {sessionId} = await devtools.send('Target.attachToTarget', {targetId, flatten: true});
  await devtools.send('Page.enable', {}, sessionId);
  const loaded = devtools.next('Page.loadEventFired');
  await devtools.send('Page.navigate', {url}, sessionId);
  await loaded;
  const {result, exceptionDetails} = await devtools.send('Runtime.evaluate',
    {expression: 'runChecks()', awaitPromise: true, returnByValue: true}, sessionId);
  if (exceptionDetails) {
    throw new Error('the page failed: ' + JSON.stringify(exceptionDetails));
  }
  await devtools.send('Target.closeTarget', {targetId});
  return result.value;
}

(async () => {
  let browser;
  let failed = false;
  try {
    const started = await startBrowser();
    browser = started.browser;
    const devtools = await connect(started.url);
    for (const [page, origin] of [[listedPage, 'listed origin'], [unlistedPage, 'unlisted origin']]) {
      for (const check of await runPage(devtools, page + '?gw=' + gatewayPort + '&mode=' + origin.split(' ')[0])) {
        console.log((check.pass ? 'PASS' : 'FAIL') + ' Chromium (' + origin + '): ' + check.name
          + (check.detail ? (check.pass ? ' (' + check.detail + ')' : ': ' + check.detail) : ''));
        failed = failed || !check.pass;
      }
    }
    devtools.close();
  } catch (error) {
    console.log('FAIL Chromium: ' + error.message);
    failed = true;
  } finally {
    if (browser && browser.exitCode === null) {
      const exited = new Promise(done => browser.once('exit', done));
      process.kill(-browser.pid, 'SIGTERM');
      await exited;
    }
    try {
      fs.rmSync(profile, {recursive: true, force: true, maxRetries: 10, retryDelay: 300});
    } catch (error) {
      // A helper still writing there must not turn a finished run into a crash: the folder is only temporary.
      console.error('note: could not remove the browser profile ' + profile + ' (' + error.code + ')');
    }
  }
  process.exit(failed ? 1 : 0);
})();
