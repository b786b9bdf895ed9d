import {
  type AwilixContainer,
  asClass,
  asFunction,
  asValue,
  createContainer,
  InjectionMode,
  type Resolver,
} from 'awilix';
import type { Config } from './common/config.ts';
import { UserRepository } from './database/repositories/user-repository.ts';
import type { TaskName, TaskRoute } from './entities/tasks.ts';
import { createDatabase, type Database } from './libs/database/index.ts';
import { createLogger, type Logger } from './libs/log/index.ts';
import { createMailer, type Mailer } from './libs/mail/index.ts';
import { createPasswordHasher, type PasswordHasher } from './libs/password/index.ts';
import { createQueueClient, type QueueClient } from './libs/queue/index.ts';
import { createRedis, type RedisLib } from './libs/redis/index.ts';
import { HealthService } from './services/health/health-service.ts';
import { UserService } from './services/users/user-service.ts';
import { WelcomeEmailService } from './services/users/welcome-email-service.ts';
import { taskRoutes } from './worker/brokers/index.ts';
import { makeSendWelcomeEmailTask } from './worker/tasks/send-welcome-email.ts';

export interface Cradle {
  config: Config;
  logger: Logger;
  database: Database;
  redis: RedisLib;
  queue: QueueClient;
  mailer: Mailer;
  passwordHasher: PasswordHasher;
  taskRoutes: Record<TaskName, TaskRoute>;
  userRepository: UserRepository;
  userService: UserService;
  welcomeEmailService: WelcomeEmailService;
  healthService: HealthService;
  sendWelcomeEmailTask: ReturnType<typeof makeSendWelcomeEmailTask>;
}

export type AppContainer = AwilixContainer<Cradle>;

// #region container
/** The composition root: the only module that knows every part. Libs are singletons closed on dispose. */
export function buildContainer(
  config: Config,
  overrides: Partial<{ [K in keyof Cradle]: Resolver<Cradle[K]> }> = {},
) {
  const container = createContainer<Cradle>({ injectionMode: InjectionMode.PROXY, strict: true });
  container.register({
    config: asValue(config),
    logger: asFunction(createLogger).singleton(),
    database: asFunction(createDatabase)
      .singleton()
      .disposer((database) => database.close()),
    redis: asFunction(createRedis)
      .singleton()
      .disposer((redis) => redis.close()),
    queue: asFunction(createQueueClient)
      .singleton()
      .disposer((queue) => queue.close(config.SHUTDOWN_TIMEOUT_MS)),
    mailer: asFunction(createMailer)
      .singleton()
      .disposer((mailer) => mailer.close()),
    passwordHasher: asFunction(createPasswordHasher).singleton(),
    taskRoutes: asValue(taskRoutes()),

    userRepository: asClass(UserRepository).scoped(),
    userService: asClass(UserService).scoped(),
    welcomeEmailService: asClass(WelcomeEmailService).scoped(),
    healthService: asClass(HealthService).scoped(),

    sendWelcomeEmailTask: asFunction(makeSendWelcomeEmailTask).scoped(),
    ...overrides,
  });
  return container;
}
// #endregion container
