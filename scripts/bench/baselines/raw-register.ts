// Baseline: POST /api/client/auth/register by hand, with node:http, pg and @node-rs/argon2 and no
// framework. Same work as the app: read and check the JSON body, hash the password with Argon2id,
// then in one transaction insert the user, grant the `user` role and write the outbox row that
// asks for the welcome email.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { hash } from '@node-rs/argon2';
import pg from 'pg';

const BODY_LIMIT = 100 * 1024;
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_MAX ?? 10),
});

function send(response: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(json),
  });
  response.end(json);
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  let body = '';
  for await (const chunk of request) {
    body += chunk;
    if (body.length > BODY_LIMIT) return undefined;
  }
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function validInput(body: Record<string, unknown> | undefined) {
  const { email, name, password } = body ?? {};
  if (typeof email !== 'string' || !/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254) return;
  if (typeof name !== 'string' || !name.trim() || name.length > 100) return;
  if (typeof password !== 'string' || password.length < 12 || password.length > 128) return;
  return { email: email.trim().toLowerCase(), name: name.trim(), password };
}

async function register(input: { email: string; name: string; password: string }) {
  const passwordHash = await hash(input.password);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query({
      name: 'insert-user',
      text: 'INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id, email, name, created_at',
      values: [input.email, input.name, passwordHash],
    });
    const user = rows[0];
    await client.query({
      name: 'grant-user-role',
      text: "INSERT INTO user_roles (user_id, role_name) VALUES ($1, 'user')",
      values: [user.id],
    });
    await client.query({
      name: 'add-outbox-row',
      text: "INSERT INTO outbox (task, payload) VALUES ('send-welcome-email', $1)",
      values: [JSON.stringify({ userId: user.id })],
    });
    await client.query('COMMIT');
    return user;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

createServer(async (request, response) => {
  if (request.method !== 'POST' || request.url !== '/api/client/auth/register')
    return send(response, 404, {});
  const input = validInput(await readJson(request));
  if (!input) return send(response, 400, { error: { code: 'VALIDATION_FAILED' } });
  try {
    const user = await register(input);
    send(response, 201, {
      id: user.id,
      email: user.email,
      name: user.name,
      createdAt: user.created_at.toISOString(),
    });
  } catch (error) {
    const taken = (error as { code?: string }).code === '23505';
    send(response, taken ? 409 : 500, { error: { code: taken ? 'EMAIL_TAKEN' : 'INTERNAL' } });
  }
}).listen(Number(process.env.PORT), '127.0.0.1');
