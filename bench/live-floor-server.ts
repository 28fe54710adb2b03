import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * R4's floor, in a process of its own: a bare `ws` server speaking just enough graphql-transport-ws
 * (ack, subscribe) to the same clients, that on `POST /change?to=STATUS` sends one `next` message,
 * serialized once, to every subscription. No database, no GraphQL, no access rules: what the
 * sockets themselves cost (one write per subscriber) is measured against this.
 */
const subscriptions = new Map<WebSocket, string>();

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://floor');
  if (url.pathname === '/hello') {
    res.end('hello');
    return;
  }
  if (req.method !== 'POST' || url.pathname !== '/change') {
    res.writeHead(404).end();
    return;
  }
  const to = url.searchParams.get('to') ?? 'IN_PROGRESS';
  const data = {
    ticketStatusChanged: { to, ticket: { id: '1', number: 1, subject: 'Panne', status: to }, event: { id: '1', type: 'STATUS' } },
  };
  // One text per subscription id (the bench's clients all use "1": one serialization per change).
  const texts = new Map<string, string>();
  for (const [socket, id] of subscriptions) {
    let text = texts.get(id);
    if (text === undefined) texts.set(id, (text = JSON.stringify({ id, type: 'next', payload: { data } })));
    socket.send(text);
  }
  res.end();
});

const wss = new WebSocketServer({ server, path: '/graphql' });
wss.on('connection', (socket) => {
  socket.on('message', (raw: Buffer) => {
    const message = JSON.parse(raw.toString()) as { type: string; id?: string };
    if (message.type === 'connection_init') socket.send(JSON.stringify({ type: 'connection_ack' }));
    if (message.type === 'subscribe' && message.id) subscriptions.set(socket, message.id);
  });
  socket.on('close', () => subscriptions.delete(socket));
});

server.listen(Number(process.env.PORT), '127.0.0.1');
