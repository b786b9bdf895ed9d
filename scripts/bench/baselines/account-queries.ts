// What both hand-written baselines of GET /api/client/me ask PostgreSQL: the same two indexed
// queries as the app (a live session of an active user, with the user's roles; then the account),
// as named prepared statements on one pg.Pool.
import pg from 'pg';

export const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_MAX ?? 10),
});

const rolesOfUser = 'array(SELECT role_name FROM user_roles WHERE user_id = users.id ORDER BY 1)';
const liveSession = {
  name: 'live-session',
  text: `SELECT users.id, users.status, ${rolesOfUser} AS roles
    FROM sessions JOIN users ON users.id = sessions.user_id
    WHERE sessions.id = $1 AND sessions.revoked_at IS NULL AND sessions.expires_at > now()
      AND users.deleted_at IS NULL`,
};
const account = {
  name: 'account',
  text: `SELECT id, email, name, status, created_at, ${rolesOfUser} AS roles
    FROM users WHERE id = $1 AND deleted_at IS NULL`,
};

/** The caller, if the token's session is live, belongs to the token's user and that user is active. */
export async function liveCaller(userId: string, sessionId: string) {
  const { rows } = await pool.query({ ...liveSession, values: [sessionId] });
  const session = rows[0];
  return session?.id === userId && session.status === 'active' ? session : undefined;
}

/** The account as the API answers it, or undefined. */
export async function accountOf(userId: string) {
  const { rows } = await pool.query({ ...account, values: [userId] });
  const user = rows[0];
  return (
    user && {
      id: user.id as string,
      email: user.email as string,
      name: user.name as string,
      createdAt: (user.created_at as Date).toISOString(),
      status: user.status as string,
      roles: user.roles as string[],
    }
  );
}
