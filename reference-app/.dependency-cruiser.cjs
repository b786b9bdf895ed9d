// The layer rules, checked on every `npm test`; the Architecture rules page of the docs explains each. Paths are relative to this folder.
const layer = (name) => `^src/${name}(/|\\.ts$)`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // #region layer-rules
    {
      name: 'controllers-call-services-only',
      comment:
        'A controller validates, calls one service and shapes the response: no SQL, no queue, no libs.',
      severity: 'error',
      from: { path: layer('api/controllers') },
      to: { path: [layer('database'), layer('libs'), layer('worker')] },
    },
    {
      name: 'api-never-imports-the-worker',
      comment:
        'The API enqueues by task name through libs/queue; it never imports a task or a broker.',
      severity: 'error',
      from: { path: layer('api') },
      to: { path: layer('worker') },
    },
    {
      name: 'services-below-api-and-worker',
      comment: 'Services hold business logic; they know nothing of HTTP or of the worker.',
      severity: 'error',
      from: { path: layer('services') },
      to: { path: [layer('api'), layer('worker')] },
    },
    {
      name: 'database-below-services',
      comment: 'Repositories and models are called by services, never the other way round.',
      severity: 'error',
      from: { path: layer('database') },
      to: { path: [layer('api'), layer('worker'), layer('services')] },
    },
    {
      name: 'models-import-models-only',
      comment: 'A model describes one table; it imports other models only for relations.',
      severity: 'error',
      from: { path: layer('database/models') },
      to: { path: '^src/', pathNot: layer('database/models') },
    },
    {
      name: 'tasks-call-services-only',
      comment: 'Tasks are to the worker what controllers are to the API.',
      severity: 'error',
      from: { path: layer('worker/tasks') },
      to: { path: [layer('database'), layer('libs'), layer('api')] },
    },
    {
      name: 'brokers-name-tasks',
      comment: 'Brokers route by task name; the container resolves the handler.',
      severity: 'error',
      from: { path: layer('worker/brokers') },
      to: { path: [layer('worker/tasks'), layer('services'), layer('database'), layer('api')] },
    },
    // #region libs-are-leaves
    {
      name: 'libs-are-leaves',
      comment: 'A lib wraps a third-party SDK; it may use common, entities and utils only.',
      severity: 'error',
      from: { path: layer('libs') },
      to: {
        path: [
          layer('api'),
          layer('worker'),
          layer('services'),
          layer('database'),
          layer('helpers'),
        ],
      },
    },
    // #endregion libs-are-leaves
    // #region helpers-map-between-layers
    {
      name: 'helpers-map-between-layers',
      comment: 'Helpers shape data; they do no I/O and call no service.',
      severity: 'error',
      from: { path: layer('helpers') },
      to: { path: [layer('api'), layer('worker'), layer('services'), layer('database')] },
    },
    // #endregion helpers-map-between-layers
    // #region common-is-shared
    {
      name: 'common-is-shared',
      comment: 'Common is used by every layer, so it depends on none of them.',
      severity: 'error',
      from: { path: layer('common') },
      to: { path: '^src/', pathNot: [layer('common'), layer('entities'), layer('utils')] },
    },
    // #endregion common-is-shared
    {
      name: 'entities-import-nothing',
      comment: 'Entities are plain data types that cross layers.',
      severity: 'error',
      from: { path: layer('entities') },
      to: { path: '^src/', pathNot: layer('entities') },
    },
    // #region utils-import-nothing-of-the-app
    {
      name: 'utils-import-nothing-of-the-app',
      comment: 'Utils are pure functions over the standard library.',
      severity: 'error',
      from: { path: layer('utils') },
      to: { pathNot: [layer('utils'), '^node:'], dependencyTypesNot: ['core'] },
    },
    // #endregion utils-import-nothing-of-the-app
    {
      name: 'only-entry-points-import-the-container',
      comment: 'The container is the composition root: only main-api.ts and main-worker.ts use it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main-api|main-worker|container)\\.ts$' },
      to: { path: '^src/container\\.ts$' },
    },
    {
      name: 'client-stands-alone',
      comment:
        'The typed client is what other projects copy or import: it knows the API only through its document.',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^src/' },
    },
    // #region resolved-once
    {
      name: 'only-the-composition-root-knows-awilix',
      comment:
        'Dependencies are resolved once, at start: only container.ts and the entry points touch the container, so nothing looks a service up while it serves.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(main-api|main-worker|container)\\.ts$' },
      to: { path: '(^|/)awilix($|/)' },
    },
    // #endregion resolved-once
    // #endregion layer-rules
    {
      name: 'no-circular',
      comment: 'No import cycles anywhere in the source.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
