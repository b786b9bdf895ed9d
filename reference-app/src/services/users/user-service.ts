import { AppError } from '../../common/errors.ts';
import { currentContext } from '../../common/request-context.ts';
import type { UserRepository } from '../../database/repositories/user-repository.ts';
import type { User } from '../../entities/user.ts';
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
    const { database, userRepository, passwordHasher } = this.#deps;
    const passwordHash = await passwordHasher.hash(input.password);
    const user = await database.transaction((trx) =>
      userRepository.insert(trx, {
        email: normalizeEmail(input.email),
        name: input.name,
        passwordHash,
      }),
    );
    await this.#requestWelcomeEmail(user);
    return user;
  }

  async getById(id: string): Promise<User> {
    const { database, userRepository } = this.#deps;
    const user = await userRepository.findById(database.handle, id);
    if (!user) throw new AppError('USER_NOT_FOUND', { details: { id } });
    return user;
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
