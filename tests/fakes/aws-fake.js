// A fake Bedrock Runtime and SageMaker Runtime for the client's tests. Every
// request's SigV4 signature is recomputed with the AWS SDK's own signer
// (@smithy/signature-v4); mismatches get 403 InvalidSignatureException.
// Responses are the shapes in tests/data/aws-fixtures. A model id or
// endpoint name starting with "fault-" injects a failure:
//   fault-500, fault-throttle (always 429), fault-throttle-then-ok (two 503
//   ThrottlingException, then success), fault-403 (InvalidSignatureException),
//   fault-400 (ValidationException), fault-slow (answers after 3 s),
//   fault-truncated (body shorter than Content-Length), fault-malformed (bad
//   JSON), fault-oversized (2 MiB body), fault-reset (connection reset),
//   fault-echo (an error message that echoes the secret and token).
// POST / with X-Amz-Target: RekognitionService.DetectFaces answers as
// Rekognition (awsJson 1.1).
// GET /__count/NAME gives the requests seen for NAME; POST /__reset clears.
// Prints {"port": N} on its first line; stops when stdin closes.
'use strict';

const http = require('http');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { verify, readBody, keysFromEnv } = require('./sigcheck');

const keys = keysFromEnv();
const fixtures = path.join(__dirname, '..', 'data', 'aws-fixtures');
const load = (name) => JSON.parse(fs.readFileSync(path.join(fixtures, name), 'utf8'));
const titanV1 = load('bedrock-runtime_invoke-model_titan-embed-text-v1.json');
const titanV2 = load('bedrock-runtime_invoke-model_titan-embed-text-v2.json');
const converse = load('bedrock-runtime_converse.json');
const sagemaker = load('sagemaker-runtime_invoke-endpoint.json');
const detectFaces = load('rekognition_detect-faces.json');
const counts = {};

function requestId() {
  return crypto.randomUUID();
}

function jsonError(res, status, type, message) {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'x-amzn-RequestId': requestId(),
    'x-amzn-ErrorType': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
  });
  res.end(JSON.stringify({ message }));
}

function json(res, body, extra) {
  const text = JSON.stringify(body);
  res.writeHead(200, Object.assign({
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': requestId(),
  }, extra || {}));
  res.end(text);
}

// A deterministic vector per text: the fixture rotated by the text's hash,
// so equal texts give equal vectors and different texts differ.
function vectorFor(base, text, dims) {
  const h = crypto.createHash('sha256').update(text).digest();
  const shift = h.readUInt32BE(0) % base.length;
  const out = [];
  for (let i = 0; i < dims; i++) out.push(base[(i + shift) % base.length]);
  return out;
}

function normalize(v) {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / n);
}

function fault(name, req, res) {
  switch (name) {
    case 'fault-500':
      jsonError(res, 500, 'InternalServerException', 'The server had an internal error.');
      return true;
    case 'fault-throttle':
      jsonError(res, 429, 'ThrottlingException', 'Too many requests, please wait before trying again.');
      return true;
    case 'fault-throttle-then-ok':
      if (counts[name] <= 2) {
        jsonError(res, 503, 'ThrottlingException', 'Rate exceeded');
        return true;
      }
      return false;
    case 'fault-403':
      jsonError(res, 403, 'InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.');
      return true;
    case 'fault-400':
      jsonError(res, 400, 'ValidationException', 'Malformed input request.');
      return true;
    case 'fault-slow':
      setTimeout(() => json(res, sagemaker), 3000);
      return true;
    case 'fault-truncated':
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 5000 });
      res.write('{"embedding": [0.1, 0.2, ');
      setTimeout(() => res.socket.destroy(), 20);
      return true;
    case 'fault-malformed':
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"embedding": [0.1, 0.2,, "prediction": }');
      return true;
    case 'fault-oversized': {
      const big = '[' + '0.0,'.repeat(512 * 1024) + '0.0]';
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(big) + 14 });
      res.end('{"embedding": ' + big + '}');
      return true;
    }
    case 'fault-reset':
      req.socket.destroy();
      return true;
    case 'fault-echo':
      jsonError(res, 400, 'ValidationException',
        `Bad request signed with ${keys.secretAccessKey} and token ${keys.sessionToken || 'none'}`);
      return true;
    default:
      return false;
  }
}

async function handle(req, res) {
  const url = req.url.split('?')[0];
  if (url.startsWith('/__count/')) {
    return json(res, { count: counts[decodeURIComponent(url.slice(9))] || 0 });
  }
  if (url === '/__reset') {
    for (const k of Object.keys(counts)) delete counts[k];
    return json(res, {});
  }

  const body = await readBody(req);

  // awsJson 1.1 (Rekognition): POST / with X-Amz-Target.
  const target = req.headers['x-amz-target'];
  if (url === '/' && target !== undefined) {
    counts[target] = (counts[target] || 0) + 1;
    const result = await verify(req, body, keys);
    if (!result.ok) {
      return jsonError(res, 400, 'InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.');
    }
    if (result.service !== 'rekognition' || target !== 'RekognitionService.DetectFaces') {
      return jsonError(res, 400, 'UnknownOperationException', 'Unknown operation.');
    }
    if (req.headers['content-type'] !== 'application/x-amz-json-1.1') {
      return jsonError(res, 400, 'SerializationException', 'Expected application/x-amz-json-1.1.');
    }
    let input;
    try { input = JSON.parse(body.toString('utf8')); } catch (e) { input = null; }
    if (!input || !input.Image || typeof input.Image.Bytes !== 'string') {
      return jsonError(res, 400, 'InvalidParameterException', 'Image.Bytes is required.');
    }
    return json(res, detectFaces);
  }

  const m = /^\/(model|endpoints)\/([^/]+)\/(invoke|converse|invocations)$/.exec(url);
  const name = m ? decodeURIComponent(m[2]) : url;
  counts[name] = (counts[name] || 0) + 1;

  const result = await verify(req, body, keys);
  if (!result.ok) {
    process.stderr.write(`aws-fake: rejected ${req.method} ${url}: ${result.reason}\n`);
    return jsonError(res, 403, 'InvalidSignatureException',
      'The request signature we calculated does not match the signature you provided.');
  }
  if (!m) return jsonError(res, 404, 'ResourceNotFoundException', 'Unknown operation.');
  const expectedService = m[1] === 'model' ? 'bedrock' : 'sagemaker';
  if (result.service !== expectedService) {
    return jsonError(res, 403, 'InvalidSignatureException', `Credential should be scoped to correct service: '${expectedService}'.`);
  }
  if (req.headers['x-amz-content-sha256'] !== undefined) {
    return jsonError(res, 400, 'ValidationException', 'Only S3 sends x-amz-content-sha256.');
  }
  if (fault(name, req, res)) return;

  let input;
  try {
    input = JSON.parse(body.toString('utf8'));
  } catch (e) {
    return jsonError(res, 400, 'ValidationException', 'Malformed input request: the body is not JSON.');
  }

  if (m[3] === 'invoke') {
    if (typeof input.inputText !== 'string' || input.inputText.length === 0) {
      return jsonError(res, 400, 'ValidationException', 'Malformed input request: inputText is required.');
    }
    const tokens = input.inputText.split(/\s+/).filter(Boolean).length;
    if (name.startsWith('amazon.titan-embed-text-v1')) {
      if (input.inputText.length > 50000) return jsonError(res, 400, 'ValidationException', 'Input too long.');
      return json(res, { embedding: vectorFor(titanV1.embedding, input.inputText, 1536), inputTextTokenCount: tokens });
    }
    const dims = input.dimensions === undefined ? 1024 : input.dimensions;
    if (![256, 512, 1024].includes(dims)) {
      return jsonError(res, 400, 'ValidationException', 'dimensions must be 256, 512 or 1024.');
    }
    if (input.inputText.length > 50000) return jsonError(res, 400, 'ValidationException', 'Input too long.');
    let v = vectorFor(titanV2.embedding, input.inputText, dims);
    if (input.normalize !== false) v = normalize(v);
    return json(res, { embedding: v, embeddingsByType: { float: v }, inputTextTokenCount: tokens });
  }

  if (m[3] === 'converse') {
    if (!Array.isArray(input.messages) || input.messages.length === 0) {
      return jsonError(res, 400, 'ValidationException', 'messages is required.');
    }
    const last = input.messages[input.messages.length - 1];
    const prompt = (last.content || []).map((c) => c.text || '').join(' ');
    const reply = JSON.parse(JSON.stringify(converse));
    if (name === 'fake.bad-json') {
      reply.output.message.content[0].text = 'Sure! Here is my answer: {"score": 4, "feedback": ';
    } else if (/json/i.test(prompt) || (input.system || []).some((s) => /json/i.test(s.text || ''))) {
      reply.output.message.content[0].text =
        'Here is the evaluation:\n```json\n{"score": 4, "feedback": "Concrete example and a measurable result."}\n```';
    }
    return json(res, reply);
  }

  // SageMaker InvokeEndpoint: features in, the project's contract out.
  if (typeof input !== 'object' || input === null || typeof input.features !== 'object') {
    return jsonError(res, 400, 'ValidationError', 'features is required.');
  }
  if (name === 'fake-bad-contract') return json(res, { prediction: 'maybe', confidence: 3 });
  return json(res, sagemaker, { 'x-Amzn-Invoked-Production-Variant': 'AllTraffic' });
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((e) => jsonError(res, 500, 'InternalServerException', String(e && e.message)));
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
});
process.stdin.on('end', () => { server.close(); process.exit(0); });
process.stdin.resume();
process.on('SIGTERM', () => process.exit(0));
