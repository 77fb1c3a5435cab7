import type { Client } from 'pg';
import { Controller, Get, Inject, Post } from './framework';

@Controller()
export class AccountsController {
  constructor(@Inject('PG') private readonly pg: Client) {}

  @Get('/health')
  health() {
    return 'ok';
  }

  @Get('/pid')
  async pid() {
    const { rows } = await this.pg.query('SELECT pg_backend_pid() AS pid, pg_sleep(0.05)');
    return { pid: rows[0].pid };
  }

  @Post('/transfer')
  async transfer(body: { from: number; to: number; amount: number }) {
    await this.pg.query('BEGIN');
    try {
      await this.pg.query('SELECT id FROM accounts WHERE id = ANY($1) ORDER BY id FOR UPDATE', [[body.from, body.to]]);
      await this.pg.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [body.amount, body.from]);
      await this.pg.query('SELECT pg_sleep(0.02)');
      await this.pg.query('UPDATE accounts SET balance = balance + $1 WHERE id = $2', [body.amount, body.to]);
      await this.pg.query('COMMIT');
      return { ok: true };
    } catch (err) {
      await this.pg.query('ROLLBACK');
      throw err;
    }
  }
}
