import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import WebSocket from 'ws';

/**
 * One connection to a live stream: delivers each message's bytes, resolves when the connection ends (closed
 * by the server, dropped, or the signal aborted), rejects when it cannot be opened.
 */
export type Transport = (url: string, onMessage: (bytes: Uint8Array) => void, signal: AbortSignal) => Promise<void>;

/**
 * WebSocket through the `ws` package: Node 20 has no WebSocket client without a flag (it is global from
 * Node 22), and `ws` is the small, dependency-free client most Node servers already use.
 */
export const websocketTransport: Transport = (url, onMessage, signal) =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { handshakeTimeout: 15_000 });
    let opened = false;
    const abort = (): void => socket.close(1000);
    signal.addEventListener('abort', abort, { once: true });
    socket.on('open', () => (opened = true));
    socket.on('message', (data: WebSocket.RawData) => {
      onMessage(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer));
    });
    socket.on('error', (e) => {
      if (!opened) reject(e);
    });
    socket.on('close', () => {
      signal.removeEventListener('abort', abort);
      if (opened) resolve();
      else reject(new Error('websocket closed before it opened'));
    });
  });

/**
 * Server-sent events (Mastodon's /api/v1/streaming/…): each `event:` / `data:` pair becomes the object a
 * WebSocket frame of the same stream carries, `{"event": …, "payload": …}`, so one adapter reads both.
 * Comment lines (`:thump`, the heartbeat) are skipped.
 */
export const sseTransport: Transport = (url, onMessage, signal) =>
  new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = get(url, { headers: { accept: 'text/event-stream' }, signal }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`sse: HTTP ${res.statusCode}`));
        return;
      }
      res.setEncoding('utf8');
      let buffer = '';
      let event = 'message';
      let data: string[] = [];
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let nl: number;
        while ((nl = buffer.indexOf('\n')) !== -1) {
          const line = buffer.slice(0, nl).replace(/\r$/, '');
          buffer = buffer.slice(nl + 1);
          if (line === '') {
            if (data.length) onMessage(Buffer.from(JSON.stringify({ event, payload: data.join('\n') })));
            event = 'message';
            data = [];
          } else if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
      });
      res.on('end', () => resolve());
      res.on('error', () => resolve());
      res.on('close', () => resolve());
    });
    req.on('error', (e) => (signal.aborted ? resolve() : reject(e)));
    req.end();
  });
