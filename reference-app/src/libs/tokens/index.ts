import { createSecretKey } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { isUuid } from '../../utils/uuid.ts';

const ISSUER = 'reference-app';
const AUDIENCE = 'reference-app';

export interface AccessTokenClaims {
  userId: string;
  sessionId: string;
}

export interface AccessTokens {
  sign(claims: AccessTokenClaims): Promise<{ token: string; expiresIn: number }>;
  /** The claims of a valid token that expires and has not yet; undefined for anything else. */
  verify(token: string): Promise<AccessTokenClaims | undefined>;
}

// #region access-tokens
/** Short-lived HS256 JWTs (jose). They name the session, so revoking it ends them at once. */
export function createAccessTokens({
  config,
}: {
  config: { JWT_SECRET: string; ACCESS_TOKEN_TTL_SECONDS: number };
}): AccessTokens {
  // Imported into Web Crypto once: given the secret's bytes, jose would import them on every call,
  // which cost a third of each token check.
  const key = createSecretKey(config.JWT_SECRET, 'utf8').toCryptoKey(
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  const expiresIn = config.ACCESS_TOKEN_TTL_SECONDS;
  return {
    async sign({ userId, sessionId }) {
      const token = await new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${expiresIn}s`)
        .sign(key);
      return { token, expiresIn };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
          // Without exp, a token signed by mistake or by an old build would never expire.
          requiredClaims: ['exp', 'sub', 'sid'],
        });
        const { sub, sid } = payload;
        if (!isUuid(sub) || !isUuid(sid)) return undefined;
        return { userId: sub, sessionId: sid };
      } catch {
        return undefined;
      }
    },
  };
}
// #endregion access-tokens
