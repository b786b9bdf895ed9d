import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server that accepts each message after `delayMs`, like a slow mail provider.
 * A message whose client went away before that is not accepted, as with a real server.
 * `stop()` takes it down (connections refused) and `start()` brings it back on the same port.
 */
export async function startSmtpServer({ delayMs = 0 } = {}) {
  const accepted: { to: string[]; raw: string }[] = [];
  const gone = new Set<string>();
  let receiving = 0;
  const listen = async (port: number) => {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // Taken down means down: connections still open are cut, not waited for.
      closeTimeout: 100,
      onClose: (session) => void gone.add(session.id),
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', async () => {
          receiving += 1;
          await sleep(delayMs);
          receiving -= 1;
          if (gone.has(session.id)) return;
          accepted.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw: Buffer.concat(chunks).toString(),
          });
          callback();
        });
      },
    });
    // A client killed mid-message resets its connection: that is the drill, not a test failure.
    server.on('error', () => {});
    server.listen(port, '127.0.0.1');
    await once(server.server, 'listening');
    return server;
  };
  let server: SMTPServer | undefined = await listen(0);
  const { port } = server.server.address() as AddressInfo;
  const stop = async () => {
    const closing = server;
    server = undefined;
    await new Promise<void>((resolve) => (closing ? closing.close(() => resolve()) : resolve()));
  };
  return {
    url: `smtp://127.0.0.1:${port}`,
    /** Messages in the DATA phase, waiting for the server's answer. */
    receiving: () => receiving,
    countTo: (address: string) => accepted.filter((message) => message.to.includes(address)).length,
    stop,
    async start() {
      server ??= await listen(port);
    },
    close: stop,
  };
}
