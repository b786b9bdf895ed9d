import { AppError } from '../../common/errors.ts';
import { currentContext } from '../../common/request-context.ts';
import type { RoleRepository } from '../../database/repositories/role-repository.ts';
import type { UserRepository } from '../../database/repositories/user-repository.ts';
import type { PublicProfile, User, UserWithRoles } from '../../entities/user.ts';
import type { Database } from '../../libs/database/index.ts';
import type { Logger } from '../../libs/log/index.ts';
import type { PasswordHasher } from '../../libs/password/index.ts';
import type { QueueClient } from '../../libs/queue/index.ts';
import { normalizeEmail } from '../../utils/email.ts';

export interface RegisterUserInput {
  email: string;
  name: string;
  password: string;
}

interface UserServiceDeps {
  database: Database;
  userRepository: UserRepository;
  roleRepository: RoleRepository;
  passwordHasher: PasswordHasher;
  queue: Pick<QueueClient, 'enqueue'>;
  logger: Logger;
}

// #region user-service
export class UserService {
  readonly #deps: UserServiceDeps;

  constructor(deps: UserServiceDeps) {
    this.#deps = deps;
  }

  /** Creates the account, then asks the worker to welcome the user once the row is committed. */
  async register(input: RegisterUserInput): Promise<User> {
    const { database, userRepository, roleRepository, passwordHasher } = this.#deps;
    const passwordHash = await passwordHasher.hash(input.password);
    const user = await database.transaction(async (trx) => {
      const created = await userRepository.insert(trx, {
        email: normalizeEmail(input.email),
        name: input.name,
        passwordHash,
      });
      await roleRepository.grant(trx, { userId: created.id, roleName: 'user', grantedBy: null });
      return created;
    });
    await this.#requestWelcomeEmail(user);
    return user;
  }

  async getAccount(userId: string): Promise<UserWithRoles> {
    const { database, userRepository } = this.#deps;
    const user = await userRepository.findWithRoles(database.handle, userId);
    if (!user) throw new AppError('USER_NOT_FOUND', { details: { id: userId } });
    return user;
  }

  async rename(userId: string, name: string): Promise<UserWithRoles> {
    const { database, userRepository } = this.#deps;
    await database.transaction((trx) => userRepository.updateName(trx, userId, name));
    return this.getAccount(userId);
  }

  /** Only what anyone may see; suspended and deleted accounts do not exist for the public. */
  async getPublicProfile(userId: string): Promise<PublicProfile> {
    const { database, userRepository } = this.#deps;
    const profile = await userRepository.findPublicProfile(database.handle, userId);
    if (!profile) throw new AppError('USER_NOT_FOUND', { details: { id: userId } });
    return profile;
  }

  async #requestWelcomeEmail(user: User): Promise<void> {
    const { queue, logger } = this.#deps;
    try {
      await queue.enqueue('send-welcome-email', { userId: user.id }, currentContext()?.requestId);
    } catch (error) {
      // The account exists either way; a lost welcome must not turn the sign-up into an error.
      logger.error({ err: error, userId: user.id }, 'welcome email not enqueued');
    }
  }
}
// #endregion user-service
