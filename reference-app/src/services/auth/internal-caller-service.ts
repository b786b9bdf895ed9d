import { secretsMatch } from '../../utils/random-token.ts';

// #region internal-caller-service
/** Other services of the system, each known by its own key (INTERNAL_API_KEYS). */
export class InternalCallerService {
  readonly #callers: { name: string; key: string }[];

  constructor({ config }: { config: { INTERNAL_API_KEYS?: string | undefined } }) {
    this.#callers = (config.INTERNAL_API_KEYS ?? '')
      .split(',')
      .filter(Boolean)
      .map((pair) => {
        const [name = '', key = ''] = pair.split('=');
        return { name, key };
      });
  }

  /** The caller's name, or undefined. Every key is compared, in constant time, whatever matches. */
  identify(key: string | undefined): string | undefined {
    if (!key) return undefined;
    let found: string | undefined;
    for (const caller of this.#callers) {
      if (secretsMatch(caller.key, key)) found = caller.name;
    }
    return found;
  }
}
// #endregion internal-caller-service
