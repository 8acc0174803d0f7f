// The benchmark's stand-in API host, in its own process so it does not share the gateway's event
// loop: answers GET /api/v2/users/me (any bearer token) with a small JSON body and Genesys's
// rate-limit headers (a limit far above what the benchmark sends, so pacing never waits).
import { createServer } from 'node:http';

const body = JSON.stringify({ id: 'a7d1e5c2-0000-4000-8000-00000000d3m0', name: 'Demo User', state: 'active' });
let count = 0;
const server = createServer((req, res) => {
  count += 1;
  if (!String(req.headers.authorization ?? '').startsWith('Bearer ')) {
    res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"Invalid login credentials.","code":"bad.credentials","status":401}');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'inin-ratelimit-allowed': '100000000', 'inin-ratelimit-count': String(count), 'inin-ratelimit-reset': '60' });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
