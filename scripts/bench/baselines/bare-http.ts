// Baseline: node:http alone answering GET /api/health, the floor any framework adds to.
import { createServer } from 'node:http';

const body = JSON.stringify({ status: 'ok' });

createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/api/health') {
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
    return;
  }
  response.writeHead(404).end();
}).listen(Number(process.env.PORT), '127.0.0.1');
