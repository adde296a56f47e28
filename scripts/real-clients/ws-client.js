// A Node.js client with the `ws` package, offering permessage-deflate (as browsers do): through the gateway to
// Service B's echo, a short text, 512 KiB of compressible text and 256 KiB of random bytes must come back equal, in
// order. Prints "PASS ..." or "FAIL ...: why", with the extensions the gateway agreed to.
//
//   node ws-client.js ws://127.0.0.1:<gateway port>/service-b/ws
'use strict';
const crypto = require('crypto');
const WebSocket = require('ws');

const url = process.argv[2];
const name = 'node ws with permessage-deflate: text, 512 KiB text and 256 KiB binary echoed in order';
const sent = ['hello from node', 'compressible text '.repeat(30000).slice(0, 512 * 1024), crypto.randomBytes(256 * 1024)];
const received = [];
const socket = new WebSocket(url, {perMessageDeflate: true});
const timer = setTimeout(() => finish('no echo within 20 s'), 20000);

function finish(failure) {
  clearTimeout(timer);
  const extensions = socket.extensions || 'none'; // what the gateway agreed to, as its header said
  console.log(failure ? 'FAIL ' + name + ': ' + failure : 'PASS ' + name + ' (extensions: ' + extensions + ')');
  socket.terminate();
  process.exit(failure ? 1 : 0);
}

socket.on('open', () => sent.forEach(message => socket.send(message)));
socket.on('message', (data, isBinary) => {
  received.push(isBinary ? data : data.toString('utf8'));
  if (received.length === sent.length) {
    const differs = sent.findIndex((message, i) => typeof message === 'string'
      ? message !== received[i] : !Buffer.isBuffer(received[i]) || !message.equals(received[i]));
    if (differs >= 0) {
      finish('message ' + differs + ' came back different');
    } else if (!String(socket.extensions).includes('permessage-deflate')) {
      finish('the gateway did not agree to permessage-deflate');
    } else {
      finish(null);
    }
  }
});
socket.on('close', (code, reason) => finish('closed before the echo: ' + code + ' ' + reason));
socket.on('error', error => finish(error.message));
