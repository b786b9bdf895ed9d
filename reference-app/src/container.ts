import {
  type AwilixContainer,
  asClass,
  asFunction,
  asValue,
  createContainer,
  InjectionMode,
  type Resolver,
} from 'awilix';
import { buildOpenApiDocument } from './api/openapi.ts';
import { routeTable } from './api/route-table.ts';
import type { Config } from './common/config.ts';
import { AuditLogRepository } from './database/repositories/audit-log-repository.ts';
import { DeadLetterRepository } from './database/repositories/dead-letter-repository.ts';
import { ExportRepository } from './database/repositories/export-repository.ts';
import { OutboxRepository } from './database/repositories/outbox-repository.ts';
import { RoleRepository } from './database/repositories/role-repository.ts';
import { SessionRepository } from './database/repositories/session-repository.ts';
import { UserRepository } from './database/repositories/user-repository.ts';
import type { TaskName, TaskRoute } from './entities/tasks.ts';
import { createDatabase, type Database } from './libs/database/index.ts';
import { createLogger, type Logger } from './libs/log/index.ts';
import { createMailer, type Mailer } from './libs/mail/index.ts';
import { createPasswordHasher, type PasswordHasher } from './libs/password/index.ts';
import { createQueueClient, type QueueClient } from './libs/queue/index.ts';
import { createRateLimiter, type RateLimiter } from './libs/rate-limit/index.ts';
import { createRedis, type RedisLib } from './libs/redis/index.ts';
import { createObjectStorage, type ObjectStorage } from './libs/s3/index.ts';
import { type AccessTokens, createAccessTokens } from './libs/tokens/index.ts';
import { AuthService } from './services/auth/auth-service.ts';
import { InternalCallerService } from './services/auth/internal-caller-service.ts';
import { SessionMaintenanceService } from './services/auth/session-maintenance-service.ts';
import { SuperadminBootstrap } from './services/auth/superadmin-bootstrap.ts';
import { ExportService } from './services/exports/export-service.ts';
import { HealthService } from './services/health/health-service.ts';
import { JobService } from './services/jobs/job-service.ts';
import { ScheduleService } from './services/jobs/schedule-service.ts';
import { OutboxRelay } from './services/outbox/outbox-relay.ts';
import { RoleService } from './services/roles/role-service.ts';
import { UserAdminService } from './services/users/user-admin-service.ts';
import { UserService } from './services/users/user-service.ts';
import { WelcomeEmailService } from './services/users/welcome-email-service.ts';
import { brokers, taskRoutes } from './worker/brokers/index.ts';
import { makeExportUsersTask } from './worker/tasks/export-users.ts';
import { makePurgeExpiredSessionsTask } from './worker/tasks/purge-expired-sessions.ts';
import { makeSendWelcomeEmailTask } from './worker/tasks/send-welcome-email.ts';

export interface Cradle {
  config: Config;
  logger: Logger;
  database: Database;
  redis: RedisLib;
  queue: QueueClient;
  mailer: Mailer;
  objectStorage: ObjectStorage;
  passwordHasher: PasswordHasher;
  taskRoutes: Record<TaskName, TaskRoute>;
  queueNames: string[];
  accessTokens: AccessTokens;
  rateLimiter: RateLimiter;
  openApiDocument: object;
  userRepository: UserRepository;
  roleRepository: RoleRepository;
  sessionRepository: SessionRepository;
  auditLogRepository: AuditLogRepository;
  outboxRepository: OutboxRepository;
  deadLetterRepository: DeadLetterRepository;
  exportRepository: ExportRepository;
  userService: UserService;
  userAdminService: UserAdminService;
  authService: AuthService;
  internalCallerService: InternalCallerService;
  roleService: RoleService;
  superadminBootstrap: SuperadminBootstrap;
  exportService: ExportService;
  jobService: JobService;
  scheduleService: ScheduleService;
  outboxRelay: OutboxRelay;
  sessionMaintenanceService: SessionMaintenanceService;
  exportUsersTask: ReturnType<typeof makeExportUsersTask>;
  purgeExpiredSessionsTask: ReturnType<typeof makePurgeExpiredSessionsTask>;
  welcomeEmailService: WelcomeEmailService;
  healthService: HealthService;
  sendWelcomeEmailTask: ReturnType<typeof makeSendWelcomeEmailTask>;
}

export type AppContainer = AwilixContainer<Cradle>;

// #region container
/**
 * The composition root: the only module that knows every part. Everything is a singleton: libs
 * hold connections (closed on dispose), and repositories, services and tasks hold nothing but
 * their dependencies, so one of each serves every request and job.
 */
export function buildContainer(
  config: Config,
  overrides: Partial<{ [K in keyof Cradle]: Resolver<Cradle[K]> }> = {},
) {
  const container = createContainer<Cradle>({ injectionMode: InjectionMode.PROXY, strict: true });
  container.register({
    config: asValue(config),
    // #region lib-singletons
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
    objectStorage: asFunction(createObjectStorage)
      .singleton()
      .disposer((storage) => storage.close()),
    passwordHasher: asFunction(createPasswordHasher).singleton(),
    // #endregion lib-singletons
    taskRoutes: asValue(taskRoutes()),
    queueNames: asValue(brokers.map((broker) => broker.queue)),
    accessTokens: asFunction(createAccessTokens).singleton(),
    rateLimiter: asFunction(createRateLimiter).singleton(),
    openApiDocument: asFunction(() => buildOpenApiDocument(routeTable)).singleton(),
    internalCallerService: asClass(InternalCallerService).singleton(),

    userRepository: asClass(UserRepository).singleton(),
    roleRepository: asClass(RoleRepository).singleton(),
    sessionRepository: asClass(SessionRepository).singleton(),
    auditLogRepository: asClass(AuditLogRepository).singleton(),
    outboxRepository: asClass(OutboxRepository).singleton(),
    deadLetterRepository: asClass(DeadLetterRepository).singleton(),
    exportRepository: asClass(ExportRepository).singleton(),
    userService: asClass(UserService).singleton(),
    userAdminService: asClass(UserAdminService).singleton(),
    authService: asClass(AuthService).singleton(),
    roleService: asClass(RoleService).singleton(),
    superadminBootstrap: asClass(SuperadminBootstrap).singleton(),
    exportService: asClass(ExportService).singleton(),
    jobService: asClass(JobService).singleton(),
    scheduleService: asClass(ScheduleService).singleton(),
    outboxRelay: asClass(OutboxRelay).singleton(),
    sessionMaintenanceService: asClass(SessionMaintenanceService).singleton(),
    welcomeEmailService: asClass(WelcomeEmailService).singleton(),
    healthService: asClass(HealthService).singleton(),

    sendWelcomeEmailTask: asFunction(makeSendWelcomeEmailTask).singleton(),
    exportUsersTask: asFunction(makeExportUsersTask).singleton(),
    purgeExpiredSessionsTask: asFunction(makePurgeExpiredSessionsTask).singleton(),
    ...overrides,
  });
  return container;
}
// #endregion container
