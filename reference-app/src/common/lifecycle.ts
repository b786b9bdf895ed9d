// #region lifecycle
/**
 * Where the process is in its life: serving; draining (shutting down began: readiness says no,
 * requests are still served); closing (the port is closed: every answer ends its connection).
 */
export type Phase = 'serving' | 'draining' | 'closing';

export interface Lifecycle {
  readonly phase: Phase;
  startDraining(): void;
  startClosing(): void;
}

export function createLifecycle(): Lifecycle {
  let phase: Phase = 'serving';
  return {
    get phase() {
      return phase;
    },
    startDraining() {
      phase = 'draining';
    },
    startClosing() {
      phase = 'closing';
    },
  };
}
// #endregion lifecycle
