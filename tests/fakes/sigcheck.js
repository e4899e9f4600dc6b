// Recomputes the SigV4 signature of an incoming request with the AWS SDK's
// own signer (@smithy/signature-v4), independently of the client under test.
'use strict';

const { SignatureV4 } = require('@smithy/signature-v4');
const { Hash } = require('@smithy/hash-node');

const Sha256 = Hash.bind(null, 'sha256');

function parseQuery(raw) {
  const query = {};
  if (!raw) return query;
  for (const piece of raw.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const key = decodeURIComponent(eq < 0 ? piece : piece.slice(0, eq));
    const value = eq < 0 ? '' : decodeURIComponent(piece.slice(eq + 1));
    if (key in query) {
      query[key] = [].concat(query[key], value);
    } else {
      query[key] = value;
    }
  }
  return query;
}

function parseAmzDate(text) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text || '');
  if (!m) return null;
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

function headerValue(req, name) {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

// Returns { ok: true, service } or { ok: false, reason }.
async function verify(req, body, keys) {
  const url = req.url;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const query = parseQuery(rawQuery);
  const presigned = 'X-Amz-Signature' in query;
  let credential, signedHeaders, provided, amzDate;

  if (presigned) {
    credential = query['X-Amz-Credential'];
    signedHeaders = query['X-Amz-SignedHeaders'];
    provided = query['X-Amz-Signature'];
    amzDate = query['X-Amz-Date'];
  } else {
    const auth = headerValue(req, 'authorization') || '';
    const m = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m) return { ok: false, reason: 'missing or malformed Authorization header' };
    [, credential, signedHeaders, provided] = m;
    amzDate = headerValue(req, 'x-amz-date');
  }

  const scope = (credential || '').split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request') return { ok: false, reason: 'bad credential scope' };
  const [accessKeyId, , region, service] = scope;
  if (accessKeyId !== keys.accessKeyId) return { ok: false, reason: 'unknown access key', code: 'InvalidAccessKeyId' };
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) return { ok: false, reason: 'bad X-Amz-Date' };

  const headers = {};
  for (const name of (signedHeaders || '').split(';')) {
    const v = headerValue(req, name);
    if (v === undefined) return { ok: false, reason: `signed header ${name} is missing` };
    headers[name] = v;
  }

  const sessionToken = presigned ? query['X-Amz-Security-Token'] : headerValue(req, 'x-amz-security-token');
  if (keys.sessionToken !== undefined && sessionToken !== keys.sessionToken) {
    return { ok: false, reason: 'wrong session token' };
  }
  const signer = new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: keys.secretAccessKey, sessionToken },
    region,
    service,
    sha256: Sha256,
    uriEscapePath: service !== 's3',
    applyChecksum: false,
  });

  let computed;
  if (presigned) {
    const expires = parseInt(query['X-Amz-Expires'], 10);
    if (!(expires > 0) || signingDate.getTime() + expires * 1000 < Date.now()) {
      return { ok: false, reason: 'presigned URL expired', code: 'AccessDenied' };
    }
    const rest = {};
    for (const [k, v] of Object.entries(query)) if (k !== 'X-Amz-Signature') rest[k] = v;
    const hdrs = Object.assign({}, headers);
    if (service === 's3') hdrs['x-amz-content-sha256'] = 'UNSIGNED-PAYLOAD';
    const out = await signer.presign(
      { method: req.method, protocol: 'http:', hostname: headers.host, path, query: rest, headers: hdrs },
      { signingDate, expiresIn: expires,
        unsignableHeaders: new Set(['x-amz-content-sha256']),
        unhoistableHeaders: new Set(['x-amz-content-sha256']) });
    computed = out.query['X-Amz-Signature'];
  } else {
    if (service === 's3' && headers['x-amz-content-sha256'] === undefined) {
      return { ok: false, reason: 'S3 requests must sign x-amz-content-sha256' };
    }
    const payloadHash = headers['x-amz-content-sha256'];
    if (payloadHash !== undefined && payloadHash !== 'UNSIGNED-PAYLOAD' &&
        !payloadHash.startsWith('STREAMING-')) {
      const actual = require('crypto').createHash('sha256').update(body).digest('hex');
      if (actual !== payloadHash) return { ok: false, reason: 'x-amz-content-sha256 does not match the body', code: 'XAmzContentSHA256Mismatch' };
    }
    const out = await signer.sign(
      { method: req.method, protocol: 'http:', hostname: headers.host, path, query, headers,
        body: body.length > 0 ? body : undefined },
      { signingDate });
    const m = /Signature=([0-9a-f]{64})/.exec(out.headers.authorization || out.headers.Authorization || '');
    computed = m ? m[1] : '';
  }

  if (computed !== provided) return { ok: false, reason: 'signature mismatch', code: 'SignatureDoesNotMatch' };
  return { ok: true, service, presigned };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function keysFromEnv() {
  return {
    accessKeyId: process.env.FAKE_AWS_ACCESS_KEY_ID || 'AKIDSHORTLISTTEST',
    secretAccessKey: process.env.FAKE_AWS_SECRET_ACCESS_KEY || 'shortlist/test/secret/KEY0123456789abcdef',
    sessionToken: process.env.FAKE_AWS_SESSION_TOKEN || undefined,
  };
}

module.exports = { verify, readBody, keysFromEnv, parseQuery };
