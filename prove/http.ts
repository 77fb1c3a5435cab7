/** A small JSON-over-HTTP client with a keep-alive agent, timing each request. */
import { Agent, request } from 'node:http';

export interface HttpResult {
  status: number;
  /** Parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  /** Wall time from sending the request to the end of the response. */
  ms: number;
}

const REQUEST_TIMEOUT_MS = 30_000;

/** The server reset a reused keep-alive socket before it read the request. */
class StaleSocketError extends Error {
  constructor(override readonly cause: Error) {
    super(`kept-alive socket was reset: ${cause.message}`);
  }
}

export class HttpClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private readonly url: URL;

  constructor(baseUrl: string) {
    this.url = new URL(baseUrl);
  }

  async request(method: 'GET' | 'POST', path: string, json?: unknown): Promise<HttpResult> {
    try {
      return await this.send(method, path, json);
    } catch (err) {
      // A kept-alive socket the app closed as idle (its keepAliveTimeout) just as we reused it: the
      // app closed it before reading, so the request never ran and sending it again is safe. This is
      // the retry Node's http docs prescribe (`request.reusedSocket`).
      // On a new connection: the other idle sockets may have been closed at the same moment.
      if (err instanceof StaleSocketError) return this.send(method, path, json, true);
      throw err;
    }
  }

  private send(method: 'GET' | 'POST', path: string, json?: unknown, freshConnection = false): Promise<HttpResult> {
    const payload = json === undefined ? undefined : Buffer.from(JSON.stringify(json));
    return new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const req = request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method,
          path,
          agent: freshConnection ? false : this.agent,
          timeout: REQUEST_TIMEOUT_MS,
          headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const ms = Number(process.hrtime.bigint() - started) / 1e6;
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = JSON.parse(text);
            } catch {
              // Not JSON (e.g. an HTML error page): keep the text.
            }
            resolve({ status: res.statusCode ?? 0, body, ms });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out after ${REQUEST_TIMEOUT_MS} ms`)));
      req.on('error', (err: NodeJS.ErrnoException) =>
        reject(req.reusedSocket && err.code === 'ECONNRESET' ? new StaleSocketError(err) : err),
      );
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The SQLSTATE an app error response carries (`{ error, code }`), if any. */
export function errorCode(body: unknown): string | undefined {
  if (body && typeof body === 'object' && 'code' in body) {
    const code = (body as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
