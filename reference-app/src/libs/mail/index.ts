import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { SpanKind, withSpan } from '../telemetry/tracing.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

interface MailConfig {
  MAIL_FROM: string;
  MAIL_TRANSPORT: 'file' | 'smtp';
  MAIL_FILE_DIR: string;
  SMTP_URL?: string | undefined;
}

// #region mailer
/** SMTP in production; in development and tests each message is written to MAIL_FILE_DIR as an .eml file. */
export function createMailer({ config }: { config: MailConfig }): Mailer {
  const mailer = createTransportMailer(config);
  const attributes = { 'mail.transport': config.MAIL_TRANSPORT };
  return {
    // One span per message sent, wherever it goes; the address is not recorded.
    send: (message) =>
      withSpan('mail send', { kind: SpanKind.CLIENT, attributes }, () => mailer.send(message)),
    close: () => mailer.close(),
  };
}

function createTransportMailer(config: MailConfig): Mailer {
  if (config.MAIL_TRANSPORT === 'smtp') {
    const transport = nodemailer.createTransport(config.SMTP_URL);
    return {
      send: async (message) => {
        await transport.sendMail({ from: config.MAIL_FROM, ...message });
      },
      close: async () => transport.close(),
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
  return {
    async send(message) {
      const info = await transport.sendMail({ from: config.MAIL_FROM, ...message });
      await mkdir(config.MAIL_FILE_DIR, { recursive: true });
      const file = `${Date.now()}-${info.messageId.replace(/[^\w.-]/g, '')}.eml`;
      await writeFile(path.join(config.MAIL_FILE_DIR, file), info.message as Buffer);
    },
    close: async () => transport.close(),
  };
}
// #endregion mailer
