import type { TaskPayloads } from '../../entities/tasks.ts';
import type { WelcomeEmailService } from '../../services/users/welcome-email-service.ts';
import type { TaskContext } from './task-context.ts';

// #region send-welcome-email-task
/**
 * Thin, like a controller: the payload in, one service call, the outcome out.
 * Idempotent: the service locks the user and skips a welcome already marked sent.
 */
export function makeSendWelcomeEmailTask({
  welcomeEmailService,
}: {
  welcomeEmailService: WelcomeEmailService;
}) {
  return async (payload: TaskPayloads['send-welcome-email'], { jobId }: TaskContext) =>
    welcomeEmailService.send(payload.userId, jobId);
}
// #endregion send-welcome-email-task
