import assert from 'node:assert/strict';
import { asValue } from 'awilix';
import { buildContainer } from '../../src/container.ts';
import type { User } from '../../src/entities/user.ts';
import type { MailMessage } from '../../src/libs/mail/index.ts';
import { testConfig } from '../support/environment.ts';

function welcomeWithFakes(user: User | undefined, options: { mailFails?: boolean } = {}) {
  const sent: MailMessage[] = [];
  const marked: string[] = [];
  const acknowledged: string[] = [];
  const container = buildContainer(testConfig(), {
    database: asValue({
      transaction: (work: (trx: unknown) => Promise<unknown>) => work({}),
    } as never),
    userRepository: asValue({
      findByIdForUpdate: async () => user,
      markWelcomeEmailSent: async (_db: unknown, id: string) => void marked.push(id),
    } as never),
    outboxRepository: asValue({
      acknowledge: async (_db: unknown, jobId: string) => void acknowledged.push(jobId),
    } as never),
    mailer: asValue({
      async send(message: MailMessage) {
        if (options.mailFails) throw new Error('SMTP said no');
        sent.push(message);
      },
      close: async () => {},
    }),
  });
  return { service: container.resolve('welcomeEmailService'), sent, marked, acknowledged };
}

const ada: User = {
  id: 'user-1',
  email: 'ada@example.test',
  name: 'Ada',
  status: 'active',
  welcomeEmailSentAt: null,
  createdAt: new Date(),
  updatedAt: new Date(),
};

describe('WelcomeEmailService', () => {
  it('when the welcome was not sent yet, then it is sent, marked, and its job acknowledged in that transaction', async () => {
    const { service, sent, marked, acknowledged } = welcomeWithFakes(ada);

    const outcome = await service.send(ada.id, 'job-1');

    assert.equal(outcome, 'sent');
    assert.equal(sent[0]?.to, 'ada@example.test');
    assert.deepEqual(marked, [ada.id]);
    assert.deepEqual(acknowledged, ['job-1']);
  });

  it('when the welcome was already sent, then nothing is sent again', async () => {
    const { service, sent } = welcomeWithFakes({ ...ada, welcomeEmailSentAt: new Date() });

    const outcome = await service.send(ada.id, 'job-2');

    assert.equal(outcome, 'already-sent');
    assert.equal(sent.length, 0);
  });

  it('when the user is gone, then the task ends without sending', async () => {
    const { service, sent } = welcomeWithFakes(undefined);

    assert.equal(await service.send('user-gone', 'job-3'), 'user-gone');
    assert.equal(sent.length, 0);
  });

  it('when sending fails, then the error reaches the queue, nothing is marked and the job stays open', async () => {
    const { service, marked, acknowledged } = welcomeWithFakes(ada, { mailFails: true });

    await assert.rejects(service.send(ada.id, 'job-4'), /SMTP said no/);
    assert.deepEqual([marked, acknowledged], [[], []]);
  });
});
