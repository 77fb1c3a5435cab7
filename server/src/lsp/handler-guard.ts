/**
 * Keeps one bad message from taking the server down: request handlers turn
 * exceptions into ResponseErrors (InvalidParams for malformed input),
 * notification handlers log and carry on.
 */
import { ErrorCodes, ResponseError, type Position, type Range } from 'vscode-languageserver/node';

/** Thrown by parameter checks; answered with InvalidParams. */
export class InvalidParamsError extends Error {}

export function guardRequest<P, R, E = void>(
  name: string,
  log: (message: string) => void,
  handler: (params: P) => R | Promise<R>,
): (params: P) => Promise<R | ResponseError<E>> {
  return async (params: P) => {
    try {
      return await handler(params);
    } catch (error) {
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
