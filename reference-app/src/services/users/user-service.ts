import { AppError } from '../../common/errors.ts';
import { currentContext } from '../../common/request-context.ts';
import type { OutboxRepository } from '../../database/repositories/outbox-repository.ts';
import type { RoleRepository } from '../../database/repositories/role-repository.ts';
import type { UserRepository } from '../../database/repositories/user-repository.ts';
import type { PublicProfile, User, UserWithRoles } from '../../entities/user.ts';
import type { Database } from '../../libs/database/index.ts';
import type { PasswordHasher } from '../../libs/password/index.ts';
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
  outboxRepository: OutboxRepository;
  passwordHasher: PasswordHasher;
}

// #region user-service
export class UserService {
  readonly #deps: UserServiceDeps;

  constructor(deps: UserServiceDeps) {
    this.#deps = deps;
  }

  // #region register
  /**
   * Creates the account and, in the same transaction, the outbox row that asks the worker for
   * the welcome email: both happen, or neither, whether Redis is up or not.
   */
  async register(input: RegisterUserInput): Promise<User> {
    const { database, userRepository, roleRepository, outboxRepository, passwordHasher } =
      this.#deps;
    const passwordHash = await passwordHasher.hash(input.password);
    return database.transaction(async (trx) => {
      const user = await userRepository.insert(trx, {
        email: normalizeEmail(input.email),
        name: input.name,
        passwordHash,
      });
      await roleRepository.grant(trx, { userId: user.id, roleName: 'user', grantedBy: null });
      await outboxRepository.add(trx, {
        task: 'send-welcome-email',
        payload: { userId: user.id },
        requestId: currentContext()?.requestId,
      });
      return user;
    });
  }
  // #endregion register

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
}
// #endregion user-service
