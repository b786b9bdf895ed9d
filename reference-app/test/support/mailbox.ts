import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { testEnvironment } from './environment.ts';

/** The .eml files the file mail transport recorded for one address. */
export async function messagesTo(
  address: string,
  dir = testEnvironment.MAIL_FILE_DIR,
): Promise<string[]> {
  const files = await readdir(dir).catch(() => []);
  const messages = await Promise.all(files.map((file) => readFile(path.join(dir, file), 'utf8')));
  return messages.filter((message) => message.includes(`To: ${address}`));
}
