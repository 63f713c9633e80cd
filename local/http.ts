/** What the local servers (the gateway, the authorization server) answer with, and how they read a body. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** API Gateway's own payload limit; the handlers enforce the API's 64 KiB. */
const gatewayMaxBytes = 10 * 1024 * 1024;

/**
 * A length, as API Gateway sends, rather than Node's chunked encoding (which `writeHead` chooses
 * when it does not know one): none on a 204, which has no body.
 */
export function framing(status: number, length: number): Record<string, number> {
  return status === 204 ? {} : { 'content-length': length };
}

export async function readBody(request: IncomingMessage): Promise<Buffer | undefined | 'tooLarge'> {
  // HTTP/1.1: a request has a body only if it says so (RFC 9112 §6.3); most GETs do not.
  if (request.headers['content-length'] === undefined && request.headers['transfer-encoding'] === undefined) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > gatewayMaxBytes) return 'tooLarge';
    chunks.push(chunk as Buffer);
  }
  return chunks.length > 0 ? Buffer.concat(chunks) : undefined;
}

export function send(response: ServerResponse, status: number, contentType: string, body: string | Buffer, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': contentType, 'x-content-type-options': 'nosniff', ...headers, ...framing(status, Buffer.byteLength(body)) });
  response.end(body);
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(body), { 'cache-control': 'no-store', ...headers });
}
