// A tiny NestJS-style container: providers with async factories, controllers
// whose constructor parameters are injected by token, routes by decorator.
import { createServer, type IncomingMessage } from 'node:http';

type Provider = { provide: string; useFactory: () => unknown | Promise<unknown> };
type Route = { method: string; path: string; handler: string };
type Ctor = new (...args: any[]) => any;

const routes = new Map<Ctor, Route[]>();
const injections = new Map<Ctor, string[]>();
const modules = new Map<Ctor, { providers: Provider[]; controllers: Ctor[] }>();

export function Module(meta: { providers: Provider[]; controllers: Ctor[] }) {
  return (target: Ctor) => {
    modules.set(target, meta);
  };
}

export function Controller() {
  return (_target: Ctor) => undefined;
}

export function Inject(token: string) {
  return (target: Ctor, _key: string | symbol | undefined, index: number) => {
    const tokens = injections.get(target) ?? [];
    tokens[index] = token;
    injections.set(target, tokens);
  };
}

function route(method: string, path: string) {
  return (target: object, handler: string) => {
    const ctor = target.constructor as Ctor;
    routes.set(ctor, [...(routes.get(ctor) ?? []), { method, path, handler }]);
  };
}
export const Get = (path: string) => route('GET', path);
export const Post = (path: string) => route('POST', path);

async function readBody(req: IncomingMessage): Promise<any> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text ? JSON.parse(text) : {};
}

export async function bootstrap(root: Ctor, port: number): Promise<void> {
  const meta = modules.get(root)!;
  const values = new Map<string, unknown>();
  for (const provider of meta.providers) values.set(provider.provide, await provider.useFactory());
  const table: Array<Route & { instance: any }> = [];
  for (const controller of meta.controllers) {
    const instance = new controller(...(injections.get(controller) ?? []).map((token) => values.get(token)));
    for (const r of routes.get(controller) ?? []) table.push({ ...r, instance });
  }
  createServer(async (req, res) => {
    const found = table.find((r) => r.method === req.method && r.path === req.url);
    if (!found) return void res.writeHead(404).end();
    try {
      const result = await found.instance[found.handler](await readBody(req));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: (err as Error).message }));
    }
  }).listen(port);
}
