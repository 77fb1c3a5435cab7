/**
 * Keeps one bad message from taking the server down: request handlers turn
 * exceptions into ResponseErrors (InvalidParams for malformed input,
 * RequestCancelled once the client cancelled), notification handlers log and
 * carry on. Every request handler gets the request's cancellation token.
 */
import {
  CancellationToken,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type Position,
  type Range,
} from 'vscode-languageserver/node';

/** Thrown by parameter checks; answered with InvalidParams. */
export class InvalidParamsError extends Error {}

/** Thrown by `throwIfCancelled`; answered with RequestCancelled. */
export class CancelledError extends Error {
  constructor() {
    super('cancelled');
  }
}

export function throwIfCancelled(token: CancellationToken | undefined): void {
  if (token?.isCancellationRequested) throw new CancelledError();
}

export function guardRequest<P, R, E = void>(
  name: string,
  log: (message: string) => void,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): (params: P, token?: CancellationToken) => Promise<R | ResponseError<E>> {
  return async (params: P, token: CancellationToken = CancellationToken.None) => {
    const cancelled = () => new ResponseError<E>(LSPErrorCodes.RequestCancelled, `${name} cancelled`);
    try {
      throwIfCancelled(token);
      const result = await handler(params, token);
      // A late answer to a cancelled request is wasted on the client; say what happened instead.
      return token.isCancellationRequested ? cancelled() : result;
    } catch (error) {
      if (error instanceof CancelledError) return cancelled();
      if (error instanceof InvalidParamsError) return new ResponseError<E>(ErrorCodes.InvalidParams, `${name}: ${error.message}`);
      log(`${name} failed: ${(error as Error)?.stack ?? String(error)}`);
      return new ResponseError<E>(ErrorCodes.InternalError, `${name} failed: ${(error as Error)?.message ?? String(error)}`);
    }
  };
}

export function guardNotification<P>(name: string, log: (message: string) => void, handler: (params: P) => void | Promise<void>): (params: P) => void {
  return (params: P) => {
    try {
      const result = handler(params);
      if (result instanceof Promise) result.catch((error: unknown) => log(`${name} failed: ${(error as Error)?.stack ?? String(error)}`));
    } catch (error) {
      log(`${name} failed: ${(error as Error)?.stack ?? String(error)}`);
    }
  };
}

export function requireTextDocumentUri(params: unknown): string {
  const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
  if (typeof uri !== 'string') throw new InvalidParamsError('textDocument.uri must be a string');
  return uri;
}

function isPosition(value: unknown): value is Position {
  const p = value as Position | undefined;
  return !!p && Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0;
}

export function requireRange(value: unknown): Range {
  const r = value as Range | undefined;
  if (!r || !isPosition(r.start) || !isPosition(r.end)) throw new InvalidParamsError('range must have integer start/end positions');
  return r;
}
