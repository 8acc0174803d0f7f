// The benchmark's consumers, in their own process (as real consumers are): one keep-alive
// connection and one request loop per credential, until a duration or a request count is reached.
// Reads {url, credentials, ms?, count?} as JSON on stdin; prints "progress N" lines, then "done N MS".
import { Client } from 'undici';

let input = '';
for await (const chunk of process.stdin) input += chunk;
const { url, credentials, ms, count } = JSON.parse(input);
const started = Date.now();
let done = 0;
let reported = 0;
const stop = () => (ms !== undefined ? Date.now() - started >= ms : done >= count);
await Promise.all(credentials.map(async (credential) => {
  const client = new Client(url, { pipelining: 1, keepAliveTimeout: 60_000 });
  try {
    while (!stop()) {
      const answer = await client.request({ path: '/api/v2/users/me', method: 'GET', headers: { authorization: `Bearer ${credential}` } });
      await answer.body.dump();
      if (answer.statusCode !== 200) throw new Error(`status ${answer.statusCode}`);
      done += 1;
      if (done - reported >= 1000) {
        reported = done;
        process.stdout.write(`progress ${done}\n`);
      }
    }
  } finally {
    await client.close();
  }
}));
process.stdout.write(`done ${done} ${Date.now() - started}\n`);
