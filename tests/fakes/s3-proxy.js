// s3rver (which does not check SigV4) behind a proxy that checks every
// signature with the AWS SDK's signer and rejects mismatches with S3's XML
// error. Prints {"port": N} on its first line, then serves until killed.
'use strict';

const http = require('http');
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');

// s3rver encrypts continuation tokens with single DES, which OpenSSL 3 only
// has in its legacy provider. Two-key triple DES with both keys equal is the
// same cipher and is always available.
for (const name of ['createCipheriv', 'createDecipheriv']) {
  const original = crypto[name];
  crypto[name] = function (algorithm, key, iv, options) {
    if (algorithm === 'des') return original.call(crypto, 'des-ede-cbc', Buffer.concat([key, key]), iv, options);
    return original.call(crypto, algorithm, key, iv, options);
  };
}

const S3rver = require('s3rver');
const { verify, readBody, keysFromEnv } = require('./sigcheck');

const keys = keysFromEnv();
const bucket = process.env.FAKE_S3_BUCKET || 'shortlist-test';
let offline = false;
const stats = { requests: 0, rejected: 0 };

function s3Error(res, status, code, message) {
  const id = 'FAKE' + Math.random().toString(16).slice(2, 10).toUpperCase();
  res.writeHead(status, { 'Content-Type': 'application/xml', 'x-amz-request-id': id });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${id}</RequestId></Error>`);
}

async function main() {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'shortlist-s3rver-'));
  const s3rver = new S3rver({
    address: '127.0.0.1', port: 0, silent: true, directory,
    configureBuckets: [{ name: bucket }], vhostBuckets: false,
  });
  const { port: backendPort } = await s3rver.run();

  const proxy = http.createServer(async (req, res) => {
    try {
      // Test control: /__offline/on|off makes the proxy drop connections.
      if (req.url.startsWith('/__offline/')) {
        offline = req.url.endsWith('/on');
        res.writeHead(204); res.end(); return;
      }
      if (req.url === '/__stats') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(stats)); return;
      }
      if (offline) { req.socket.destroy(); return; }
      stats.requests++;
      const body = await readBody(req);
      const result = await verify(req, body, keys);
      if (!result.ok) {
        stats.rejected++;
        process.stderr.write(`s3-proxy: rejected ${req.method} ${req.url.split('?')[0]}: ${result.reason}\n`);
        return s3Error(res, 403, result.code || 'AccessDenied', result.reason);
      }
      // Forward anonymously: s3rver knows only its own dummy account.
      const [p, rawQuery] = req.url.split('?');
      const kept = (rawQuery || '').split('&').filter((x) => x && !/^X-Amz-/i.test(x));
      const headers = Object.assign({}, req.headers);
      delete headers.authorization;
      headers['content-length'] = String(body.length);
      delete headers['transfer-encoding'];
      const upstream = http.request({
        host: '127.0.0.1', port: backendPort, method: req.method,
        path: p + (kept.length ? '?' + kept.join('&') : ''), headers,
      }, (up) => {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      });
      upstream.on('error', (e) => s3Error(res, 502, 'InternalError', e.message));
      upstream.end(body);
    } catch (e) {
      s3Error(res, 500, 'InternalError', String(e && e.message));
    }
  });
  proxy.listen(0, '127.0.0.1', () => {
    process.stdout.write(JSON.stringify({ port: proxy.address().port, bucket }) + '\n');
  });

  const stop = async () => {
    proxy.close();
    await s3rver.close().catch(() => {});
    fs.rmSync(directory, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Stop with the test that started us.
  process.stdin.on('end', stop);
  process.stdin.resume();
}

main().catch((e) => { process.stderr.write(String(e.stack || e) + '\n'); process.exit(1); });
