// How long the outage drills keep a dependency away: the docs quote these, so they live here
// rather than inline in the drills.

/** Redis stopped while people sign up. */
export const REDIS_OUTAGE_MS = 20_000;
