import { Client } from 'undici';
import type { LoadTarget, ServerTarget } from './load.ts';

export interface OneAtATimeShape {
  /** Thrown away, before the first round: the JIT sees fewer requests a second than under load. */
  warmupSeconds: number;
  seconds: number;
  rounds: number;
}

async function send(client: Client, target: LoadTarget) {
  const { pathname, search } = new URL(target.url);
  const varied = target.vary?.() ?? {};
  const response = await client.request({
    path: `${pathname}${search}`,
    method: target.method ?? 'GET',
    headers: { ...target.headers, ...varied.headers },
    body: varied.body,
  });
  await response.body.dump();
  if (response.statusCode < 200 || response.statusCode > 299)
    throw new Error(`${target.url} answered ${response.statusCode}`);
}

/**
 * Each subject's CPU time per request with requests sent one at a time, taking turns: one to the
 * first subject, one to the next, and so on. Turns of a fraction of a millisecond put every subject
 * on the same slow or fast moment of a shared machine, and one request at a time makes each server
 * wake, read, answer and wait for every request the same way, whatever the client's speed: under
 * many connections, a server batches more the faster its client is, and its cost per request moves
 * with that. Returns, per subject, its CPU microseconds per request in each round.
 */
export async function measureOneAtATime(
  targets: ServerTarget[],
  shape: OneAtATimeShape,
): Promise<number[][]> {
  const clients = targets.map(
    (target) => new Client(new URL(target.url).origin, { pipelining: 1 }),
  );
  // Each round starts its turns at the next subject: a subject's place in the turn moved its cost
  // by a few percent (two copies of the app came out 0.95 of each other in a fixed order).
  const takeTurns = async (seconds: number, first: number) => {
    const end = performance.now() + seconds * 1000;
    let turns = 0;
    while (performance.now() < end) {
      for (let step = 0; step < targets.length; step++) {
        const index = (first + step) % targets.length;
        await send(clients[index] as Client, targets[index] as LoadTarget);
      }
      turns++;
    }
    return turns;
  };
  try {
    await takeTurns(shape.warmupSeconds, 0);
    const rounds = targets.map(() => [] as number[]);
    for (let round = 0; round < shape.rounds; round++) {
      const before = targets.map((target) => target.cpuSeconds());
      const turns = await takeTurns(shape.seconds, round % targets.length);
      for (const [index, target] of targets.entries())
        rounds[index]?.push(((target.cpuSeconds() - (before[index] ?? 0)) * 1e6) / turns);
    }
    return rounds;
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
}
