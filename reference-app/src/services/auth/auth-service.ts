import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../../common/errors.ts';
import type { SessionRepository } from '../../database/repositories/session-repository.ts';
import type { UserRepository } from '../../database/repositories/user-repository.ts';
import type { Principal, TokenPair } from '../../entities/session.ts';
import type { Database, Transaction } from '../../libs/database/index.ts';
import type { PasswordHasher } from '../../libs/password/index.ts';
import type { AccessTokens } from '../../libs/tokens/index.ts';
import { normalizeEmail } from '../../utils/email.ts';
import { randomToken, sha256 } from '../../utils/random-token.ts';
import { UUID_TEXT } from '../../utils/uuid.ts';

interface AuthServiceDeps {
  config: { REFRESH_TOKEN_TTL_SECONDS: number };
  database: Database;
  userRepository: UserRepository;
  sessionRepository: SessionRepository;
  passwordHasher: PasswordHasher;
  accessTokens: AccessTokens;
}

const REFRESH_TOKEN = new RegExp(`^(${UUID_TEXT})\\.([\\w-]{43})$`);

// #region auth-service
/** Sign-in, token rotation and the per-request check that a token's session is still alive. */
export class AuthService {
  readonly #deps: AuthServiceDeps;

  constructor(deps: AuthServiceDeps) {
    this.#deps = deps;
  }

  // #region login
  async login(input: { email: string; password: string }): Promise<TokenPair> {
    const { database, userRepository, sessionRepository, passwordHasher, config } = this.#deps;
    const user = await userRepository.findCredentialsByEmail(
      database.handle,
      normalizeEmail(input.email),
    );
    if (!(await passwordHasher.verify(user?.passwordHash, input.password)) || !user) {
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (user.status === 'suspended') throw new AppError('ACCOUNT_SUSPENDED');
    return database.transaction(async (trx) => {
      const expiresAt = new Date(Date.now() + config.REFRESH_TOKEN_TTL_SECONDS * 1000);
      const sessionId = await sessionRepository.create(trx, { userId: user.id, expiresAt });
      return this.#issueTokens(trx, user.id, sessionId);
    });
  }
  // #endregion login

  // #region refresh-rotation
  /**
   * Rotates the refresh token. A token that was already used means it leaked (or was replayed):
   * the whole session is revoked, so neither the thief nor the owner can go on with it.
   */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const { database, sessionRepository } = this.#deps;
    const [, tokenId, secret] = REFRESH_TOKEN.exec(refreshToken) ?? [];
    if (!tokenId || !secret) throw new AppError('INVALID_REFRESH_TOKEN');
    const outcome = await database.transaction(async (trx) => {
      const stored = await sessionRepository.findRefreshTokenForUpdate(trx, tokenId);
      if (!stored || !timingSafeEqual(stored.tokenHash, sha256(secret))) return 'invalid' as const;
      if (stored.sessionRevokedAt || stored.sessionExpiresAt <= new Date())
        return 'invalid' as const;
      if (stored.usedAt) {
        await sessionRepository.revoke(trx, stored.sessionId, 'refresh-token-reused');
        return 'reused' as const;
      }
      const live = await sessionRepository.findLive(trx, stored.sessionId);
      if (live?.userStatus !== 'active') return 'invalid' as const;
      await sessionRepository.markRefreshTokenUsed(trx, stored.id);
      return this.#issueTokens(trx, stored.userId, stored.sessionId);
    });
    // Thrown after the commit, so that revoking a reused token's session sticks.
    if (typeof outcome === 'string') throw new AppError('INVALID_REFRESH_TOKEN');
    return outcome;
  }
  // #endregion refresh-rotation

  async logout(principal: Principal): Promise<void> {
    const { database, sessionRepository } = this.#deps;
    await database.transaction((trx) =>
      sessionRepository.revoke(trx, principal.sessionId, 'logout'),
    );
  }

  // #region authenticate
  /** The caller behind an access token, checked against the database on every request. */
  async authenticate(accessToken: string): Promise<Principal | undefined> {
    const { database, sessionRepository, accessTokens } = this.#deps;
    const claims = accessTokens.verify(accessToken);
    if (!claims) return undefined;
    const session = await sessionRepository.findLive(database.handle, claims.sessionId);
    if (!session || session.userId !== claims.userId || session.userStatus !== 'active')
      return undefined;
    const { roles, permissions } = session;
    return { userId: claims.userId, sessionId: claims.sessionId, roles, permissions };
  }
  // #endregion authenticate

  /** Changes the password and signs out every other device. */
  async changePassword(
    principal: Principal,
    input: { currentPassword: string; newPassword: string },
  ): Promise<void> {
    const { database, userRepository, sessionRepository, passwordHasher } = this.#deps;
    const user = await userRepository.findCredentialsById(database.handle, principal.userId);
    if (!(await passwordHasher.verify(user?.passwordHash, input.currentPassword))) {
      throw new AppError('WRONG_PASSWORD');
    }
    const passwordHash = await passwordHasher.hash(input.newPassword);
    await database.transaction(async (trx) => {
      await userRepository.updatePasswordHash(trx, principal.userId, passwordHash);
      await sessionRepository.revokeAllOfUser(
        trx,
        principal.userId,
        'password-changed',
        principal.sessionId,
      );
    });
  }

  async #issueTokens(trx: Transaction, userId: string, sessionId: string): Promise<TokenPair> {
    const { sessionRepository, accessTokens } = this.#deps;
    const secret = randomToken(32);
    const tokenId = await sessionRepository.addRefreshToken(trx, {
      sessionId,
      tokenHash: sha256(secret),
    });
    const { token, expiresIn } = accessTokens.sign({ userId, sessionId });
    return { accessToken: token, refreshToken: `${tokenId}.${secret}`, expiresIn };
  }
}
// #endregion auth-service
