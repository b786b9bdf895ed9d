// The original Hugo site's pages (docs/content/docs/… there, served under /docs/…). Every one of
// those URLs must keep working: each maps to the page that took its place here.

// #region original-pages
/** Original page path → the path of the page that replaces it on this site. */
export const originalPages: Record<string, string> = {
  '': '',
  'getting-started': 'getting-started',
  introduction: 'introduction',
  reference: 'reference/api',
  'reference/api': 'reference/api',
  'reference/api/controller': 'reference/api/controller',
  'reference/api/middleware': 'reference/api/middleware',
  'reference/api/routing': 'reference/api/routing',
  'reference/api/validator': 'reference/api/validator',
  'reference/database': 'reference/database',
  'reference/database/models': 'reference/database/models',
  'reference/database/repositories': 'reference/database/repositories',
  'reference/database/migrations': 'reference/database/migrations',
  'reference/libraries': 'reference/libraries',
  // SQLAlchemy's session became the Knex database lib; SQS became the queue lib.
  'reference/libraries/alchemy': 'reference/libraries/database',
  'reference/libraries/redis': 'reference/libraries/redis',
  'reference/libraries/s3': 'reference/libraries/s3',
  'reference/libraries/sqs': 'reference/libraries/queue',
  'reference/services': 'reference/services',
  'reference/services/entity': 'reference/services/entity',
  'reference/services/repository': 'reference/services/repository',
  'reference/services/service': 'reference/services/service',
  'reference/utilities': 'reference/utilities',
  'reference/utilities/common': 'reference/utilities/common',
  'reference/utilities/helper': 'reference/utilities/helper',
  'reference/utilities/utils': 'reference/utilities/utils',
  'reference/workers': 'reference/workers',
  'reference/workers/brokers': 'reference/workers/brokers',
  'reference/workers/tasks': 'reference/workers/tasks',
};
// #endregion original-pages

const url = (path: string) => (path ? `/${path}/` : '/');

/** Astro redirects: the old /docs/… URLs, and old names that now live under a better one. */
export function originalPageRedirects(): Record<string, string> {
  const redirects: Record<string, string> = {};
  for (const [original, current] of Object.entries(originalPages)) {
    redirects[original ? `/docs/${original}` : '/docs'] = url(current);
    if (original && original !== current) redirects[`/${original}`] = url(current);
  }
  return redirects;
}
