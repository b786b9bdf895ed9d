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
import { createLifecycle, type Lifecycle } from './common/lifecycle.ts';
import { AuditLogRepository } from './database/repositories/audit-log-repository.ts';
import { DeadLetterRepository } from './database/repositories/dead-letter-repository.ts';
import { ExportRepository } from './database/repositories/export-repository.ts';
import { IdempotencyKeyRepository } from './database/repositories/idempotency-key-repository.ts';
import { OutboxRepository } from './database/repositories/outbox-repository.ts';
import { RoleRepository } from './database/repositories/role-repository.ts';
import { SessionRepository } from './database/repositories/session-repository.ts';
import { UserRepository } from './database/repositories/user-repository.ts';
import type { TaskName, TaskRoute } from './entities/tasks.ts';
import { createDatabase, type Database } from './libs/database/index.ts';
import { createLoadMonitor, type LoadMonitor } from './libs/load/index.ts';
import { createLogger, type Logger } from './libs/log/index.ts';
import { createMailer, type Mailer } from './libs/mail/index.ts';
import { createPasswordHasher, type PasswordHasher } from './libs/password/index.ts';
import { createQueueClient, type QueueClient } from './libs/queue/index.ts';
import { createRateLimiter, type RateLimiter } from './libs/rate-limit/index.ts';
import { createRedis, type RedisLib } from './libs/redis/index.ts';
import { createObjectStorage, type ObjectStorage } from './libs/s3/index.ts';
import {
  createHttpMetrics,
  createJobMetrics,
  type HttpMetrics,
  type JobMetrics,
  Registry,
} from './libs/telemetry/metrics.ts';
import { tracingEnabled, withMethodSpans } from './libs/telemetry/tracing.ts';
import { type AccessTokens, createAccessTokens } from './libs/tokens/index.ts';
import { AuthService } from './services/auth/auth-service.ts';
import { InternalCallerService } from './services/auth/internal-caller-service.ts';
import { SessionMaintenanceService } from './services/auth/session-maintenance-service.ts';
import { SuperadminBootstrap } from './services/auth/superadmin-bootstrap.ts';
import { ExportService } from './services/exports/export-service.ts';
import { HealthService } from './services/health/health-service.ts';
import { IdempotencyService } from './services/idempotency/idempotency-service.ts';
import { DeadLetterService } from './services/jobs/dead-letter-service.ts';
import { JobAttemptService } from './services/jobs/job-attempt-service.ts';
import { QueueReportService } from './services/jobs/queue-report-service.ts';
import { ScheduleService } from './services/jobs/schedule-service.ts';
import { OutboxMaintenanceService } from './services/outbox/outbox-maintenance-service.ts';
import { OutboxPublisher } from './services/outbox/outbox-publisher.ts';
import { RoleService } from './services/roles/role-service.ts';
import { AnonymisationService } from './services/users/anonymisation-service.ts';
import { UserAdminService } from './services/users/user-admin-service.ts';
import { UserService } from './services/users/user-service.ts';
import { WelcomeEmailService } from './services/users/welcome-email-service.ts';
import { brokers, taskRoutes } from './worker/brokers/index.ts';
import { makeAnonymiseDeletedUserTask } from './worker/tasks/anonymise-deleted-user.ts';
import { makeExportUsersTask } from './worker/tasks/export-users.ts';
import { makePurgeExpiredIdempotencyKeysTask } from './worker/tasks/purge-expired-idempotency-keys.ts';
import { makePurgeExpiredSessionsTask } from './worker/tasks/purge-expired-sessions.ts';
import { makePurgeFinishedOutboxTask } from './worker/tasks/purge-finished-outbox.ts';
import { makeSendWelcomeEmailTask } from './worker/tasks/send-welcome-email.ts';
import type { TaskHandlers } from './worker/tasks/task-handlers.ts';

export interface Cradle {
  config: Config;
  lifecycle: Lifecycle;
  loadMonitor: LoadMonitor;
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
  metricsRegistry: Registry;
  httpMetrics: HttpMetrics;
  jobMetrics: JobMetrics;
  openApiDocument: object;
  userRepository: UserRepository;
  roleRepository: RoleRepository;
  sessionRepository: SessionRepository;
  auditLogRepository: AuditLogRepository;
  outboxRepository: OutboxRepository;
  deadLetterRepository: DeadLetterRepository;
  exportRepository: ExportRepository;
  idempotencyKeyRepository: IdempotencyKeyRepository;
  userService: UserService;
  userAdminService: UserAdminService;
  anonymisationService: AnonymisationService;
  authService: AuthService;
  internalCallerService: InternalCallerService;
  roleService: RoleService;
  superadminBootstrap: SuperadminBootstrap;
  exportService: ExportService;
  jobAttemptService: JobAttemptService;
  deadLetterService: DeadLetterService;
  queueReportService: QueueReportService;
  idempotencyService: IdempotencyService;
  scheduleService: ScheduleService;
  outboxPublisher: OutboxPublisher;
  outboxMaintenanceService: OutboxMaintenanceService;
  sessionMaintenanceService: SessionMaintenanceService;
  exportUsersTask: ReturnType<typeof makeExportUsersTask>;
  anonymiseDeletedUserTask: ReturnType<typeof makeAnonymiseDeletedUserTask>;
  purgeExpiredSessionsTask: ReturnType<typeof makePurgeExpiredSessionsTask>;
  purgeFinishedOutboxTask: ReturnType<typeof makePurgeFinishedOutboxTask>;
  purgeExpiredIdempotencyKeysTask: ReturnType<typeof makePurgeExpiredIdempotencyKeysTask>;
  welcomeEmailService: WelcomeEmailService;
  healthService: HealthService;
  sendWelcomeEmailTask: ReturnType<typeof makeSendWelcomeEmailTask>;
  taskHandlers: TaskHandlers;
}

export type AppContainer = AwilixContainer<Cradle>;

type Registrations = Partial<{ [K in keyof Cradle]: Resolver<Cradle[K]> }>;

// #region lib-singletons
/** The libs: each holds connections or timers, closed when the container is disposed. */
function libs(config: Config): Registrations {
  return {
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
    loadMonitor: asFunction(createLoadMonitor)
      .singleton()
      .disposer((monitor) => monitor.close()),
    accessTokens: asFunction(createAccessTokens).singleton(),
    rateLimiter: asFunction(createRateLimiter)
      .singleton()
      .disposer((limiter) => limiter.close()),
    // Each process records what it does (requests, or jobs) in its own registry.
    metricsRegistry: asFunction(() => new Registry()).singleton(),
    httpMetrics: asFunction(({ metricsRegistry }: Cradle) =>
      createHttpMetrics(metricsRegistry),
    ).singleton(),
    jobMetrics: asFunction(({ metricsRegistry }: Cradle) =>
      createJobMetrics(metricsRegistry),
    ).singleton(),
  };
}
// #endregion lib-singletons

const repositories: Registrations = {
  userRepository: asClass(UserRepository).singleton(),
  roleRepository: asClass(RoleRepository).singleton(),
  sessionRepository: asClass(SessionRepository).singleton(),
  auditLogRepository: asClass(AuditLogRepository).singleton(),
  outboxRepository: asClass(OutboxRepository).singleton(),
  deadLetterRepository: asClass(DeadLetterRepository).singleton(),
  exportRepository: asClass(ExportRepository).singleton(),
  idempotencyKeyRepository: asClass(IdempotencyKeyRepository).singleton(),
};

// #region service-spans
const serviceClasses = {
  internalCallerService: InternalCallerService,
  userService: UserService,
  userAdminService: UserAdminService,
  anonymisationService: AnonymisationService,
  authService: AuthService,
  roleService: RoleService,
  superadminBootstrap: SuperadminBootstrap,
  exportService: ExportService,
  jobAttemptService: JobAttemptService,
  deadLetterService: DeadLetterService,
  queueReportService: QueueReportService,
  idempotencyService: IdempotencyService,
  scheduleService: ScheduleService,
  outboxPublisher: OutboxPublisher,
  outboxMaintenanceService: OutboxMaintenanceService,
  sessionMaintenanceService: SessionMaintenanceService,
  welcomeEmailService: WelcomeEmailService,
  healthService: HealthService,
};

/** With tracing on, every service method call is a span named `Service.method`. */
function services(traced: boolean): Registrations {
  const entries = Object.entries(serviceClasses).map(([key, Service]) => {
    const Constructor = Service as new (cradle: Cradle) => object;
    const resolver = traced
      ? asFunction((cradle: Cradle) => withMethodSpans(Service.name, new Constructor(cradle)))
      : asClass(Constructor);
    return [key, resolver.singleton()];
  });
  return Object.fromEntries(entries);
}
// #endregion service-spans

const tasks: Registrations = {
  sendWelcomeEmailTask: asFunction(makeSendWelcomeEmailTask).singleton(),
  exportUsersTask: asFunction(makeExportUsersTask).singleton(),
  // #region anonymise-deleted-user-registration
  anonymiseDeletedUserTask: asFunction(makeAnonymiseDeletedUserTask).singleton(),
  // #endregion anonymise-deleted-user-registration
  purgeExpiredSessionsTask: asFunction(makePurgeExpiredSessionsTask).singleton(),
  purgeFinishedOutboxTask: asFunction(makePurgeFinishedOutboxTask).singleton(),
  purgeExpiredIdempotencyKeysTask: asFunction(makePurgeExpiredIdempotencyKeysTask).singleton(),
  // #region task-handlers-by-name
  taskHandlers: asFunction(
    (cradle: Cradle): TaskHandlers => ({
      'send-welcome-email': cradle.sendWelcomeEmailTask,
      'export-users': cradle.exportUsersTask,
      'anonymise-deleted-user': cradle.anonymiseDeletedUserTask,
      'purge-expired-sessions': cradle.purgeExpiredSessionsTask,
      'purge-finished-outbox': cradle.purgeFinishedOutboxTask,
      'purge-expired-idempotency-keys': cradle.purgeExpiredIdempotencyKeysTask,
    }),
  ).singleton(),
  // #endregion task-handlers-by-name
};

// #region container
/**
 * The composition root: the only module that knows every part. Everything is a singleton: libs
 * hold connections (closed on dispose), and repositories, services and tasks hold nothing but
 * their dependencies, so one of each serves every request and job.
 */
export function buildContainer(config: Config, overrides: Registrations = {}) {
  const container = createContainer<Cradle>({ injectionMode: InjectionMode.PROXY, strict: true });
  container.register({
    config: asValue(config),
    lifecycle: asValue(createLifecycle()),
    ...libs(config),
    taskRoutes: asValue(taskRoutes()),
    queueNames: asValue(brokers.map((broker) => broker.queue)),
    openApiDocument: asFunction(() => buildOpenApiDocument(routeTable)).singleton(),
    ...repositories,
    ...services(tracingEnabled(config)),
    ...tasks,
    ...overrides,
  });
  return container;
}
// #endregion container
