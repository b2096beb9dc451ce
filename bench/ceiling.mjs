// The ceiling: a bare node:http server answering each benchmarked URL with the exact bytes (and
// headers) the forum served for it. Nothing this machine can do with Node.js serves those pages faster, so the forum's
// throughput is reported as a fraction of this server's.
//   node bench/ceiling.mjs <pages.json> <port>   pages.json: { "<path>": { "headers": {...}, "body": "<base64>" } }

import fs from 'node:fs';
import http from 'node:http';

const [file, port] = process.argv.slice(2);
const pages = new Map(
  Object.entries(JSON.parse(fs.readFileSync(file, 'utf8'))).map(([path, p]) => {
    const body = Buffer.from(p.body, 'base64');
    return [path, { body, headers: { ...p.headers, 'content-length': body.length } }];
  }),
);

http
  .createServer((req, res) => {
    const page = pages.get(req.url);
    if (!page) return res.writeHead(404).end();
    // A POST's body must be read before answering, as the forum must.
    if (req.method === 'POST') {
      req.on('data', () => {});
      req.on('end', () => res.writeHead(200, page.headers).end(page.body));
      return;
    }
    res.writeHead(200, page.headers).end(page.body);
  })
  .listen(Number(port), '127.0.0.1', () => process.send?.('ready'));
