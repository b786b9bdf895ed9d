import type { RoleRepository } from '../../database/repositories/role-repository.ts';
import type { UserRepository } from '../../database/repositories/user-repository.ts';
import type { Database } from '../../libs/database/index.ts';
import type { Logger } from '../../libs/log/index.ts';
import type { PasswordHasher } from '../../libs/password/index.ts';
import { normalizeEmail } from '../../utils/email.ts';

interface SuperadminBootstrapDeps {
  config: { SUPERADMIN_EMAIL?: string | undefined; SUPERADMIN_PASSWORD?: string | undefined };
  database: Database;
  userRepository: UserRepository;
  roleRepository: RoleRepository;
  passwordHasher: PasswordHasher;
  logger: Logger;
}

export type BootstrapOutcome =
  | 'not-configured'
  | 'created'
  | 'exists'
  | 'email-taken-by-non-superadmin';

// #region superadmin-bootstrap
/** Creates the first super admin from SUPERADMIN_EMAIL / SUPERADMIN_PASSWORD at API start. */
export class SuperadminBootstrap {
  readonly #deps: SuperadminBootstrapDeps;

  constructor(deps: SuperadminBootstrapDeps) {
    this.#deps = deps;
  }

  async run(): Promise<BootstrapOutcome> {
    const { config, database, userRepository, roleRepository, passwordHasher, logger } = this.#deps;
    if (!config.SUPERADMIN_EMAIL || !config.SUPERADMIN_PASSWORD) return 'not-configured';
    const email = normalizeEmail(config.SUPERADMIN_EMAIL);
    const passwordHash = await passwordHasher.hash(config.SUPERADMIN_PASSWORD);
    const outcome = await database.transaction(async (trx) => {
      const existing = await userRepository.findCredentialsByEmail(trx, email);
      if (existing) {
        // Never promote an account someone else may have registered with this email.
        const roles = await roleRepository.rolesOf(trx, existing.id);
        return roles.includes('superadmin') ? 'exists' : 'email-taken-by-non-superadmin';
      }
      const user = await userRepository.insert(trx, { email, name: 'Super Admin', passwordHash });
      for (const roleName of ['user', 'superadmin']) {
        await roleRepository.grant(trx, { userId: user.id, roleName, grantedBy: null });
      }
      return 'created';
    });
    if (outcome === 'email-taken-by-non-superadmin') {
      logger.warn(
        { email },
        'SUPERADMIN_EMAIL belongs to an account without the superadmin role: left as it is',
      );
    } else {
      logger.info({ email, outcome }, 'super admin checked');
    }
    return outcome;
  }
}
// #endregion superadmin-bootstrap
