import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyze, assertEdge, assertNoEdge, contexts, creations, imports, node } from './helpers/facts';
import type { BindingNode, DiNode } from '../../server/src/engine/types';

describe('dependency injection and decorated handlers', () => {
  const source = [
    `import { Controller, Get, Post, Injectable, Inject, Module, NestMiddleware } from '@nestjs/common';`,
    `import { Resolver, Query } from '@nestjs/graphql';`,
    `import { Cron } from '@nestjs/schedule';`,
    `import { Client } from 'pg';`,
    `import { UsersService } from './users.service';`,
    `@Injectable()`,
    `export class Repo {`,
    `  constructor(@Inject('PG') private readonly pg: Client) {}`,
    `  find() { return this.pg.query('SELECT 1'); }`,
    `}`,
    `@Controller('users')`,
    `export class UsersController {`,
    `  constructor(private readonly users: UsersService, private readonly repo: Repo) {}`,
    `  @Get(':id') one() { return this.repo.find(); }`,
    `  @Post() create() { return this.users.create(); }`,
    `  @Cron('* * * * *') tick() {}`,
    `}`,
    `@Resolver()`,
    `export class UsersResolver { @Query(() => String) me() { return ''; } }`,
    `@Injectable()`,
    `export class Logger implements NestMiddleware { use(req: any, res: any, next: () => void) { next(); } }`,
    `@Module({ providers: [{ provide: 'PG', useFactory: async () => { const c = new Client(); await c.connect(); return c; } }] })`,
    `export class AppModule {}`,
    `class Plain { constructor(private readonly users: UsersService) {} }`,
  ].join('\n');
  const facts = analyze(source);

  it('DI singletons are marked', () => {
    for (const id of ['b:Repo', 'b:UsersController', 'b:UsersResolver', 'b:Logger', 'b:AppModule']) {
      assert.equal((node(facts, id) as BindingNode).diSingleton, true, id);
    }
    assert.equal((node(facts, 'b:Plain') as BindingNode).diSingleton, undefined);
  });

  it('constructor injections: by type and by token', () => {
    const users = imports(facts).find((i) => i.localName === 'UsersService')!;
    assertEdge(facts, 'm:UsersController.users', users.id, 'ref');
    assertEdge(facts, 'm:UsersController.repo', 'b:Repo', 'ref');
    assertEdge(facts, 'm:Repo.pg', 'di:"PG"', 'ref');
    assert.equal((node(facts, 'di:"PG"') as DiNode).key, '"PG"');
    assertNoEdge(facts, 'm:Plain.users', users.id);
  });

  it('provider factory creation is held by the token', () => {
    const [c] = creations(facts);
    assert.deepEqual([c.shape, c.holder], ['diFactory', 'di:"PG"']);
    const call = facts.calls.find((x) => x.method === 'query')!;
    assert.deepEqual([call.target, call.container, call.sql], ['m:Repo.pg', 'm:Repo.find', 'SELECT 1']);
  });

  it('decorated methods are contexts that reach their member', () => {
    const found = contexts(facts).map((c) => [c.contextKind, c.detail, c.perRequest]);
    assert.deepEqual(found, [
      ['NestJS handler', 'GET /users/:id', true],
      ['NestJS handler', 'POST /users', true],
      ['cron job', '@Cron UsersController.tick', false],
      ['GraphQL resolver', 'Query.me', true],
      ['middleware', 'Logger.use', true],
    ]);
    const get = contexts(facts)[0];
    assertEdge(facts, get.id, 'm:UsersController.one', 'ref');
    assertEdge(facts, 'm:UsersController.one', 'm:UsersController.repo', 'ref');
    assertEdge(facts, 'm:Repo.find', 'm:Repo.pg', 'ref');
  });

  it('locally defined decorators named like NestJS ones are ignored', () => {
    const local = analyze(`function Get(p: string) { return (..._a: unknown[]) => {}; }\nexport class C { @Get('/x') m() {} }`);
    assert.equal(contexts(local).length, 0);
  });
});
