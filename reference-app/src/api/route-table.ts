import { adminRoutes } from './controllers/admin/routes.ts';
import { clientRoutes } from './controllers/client/routes.ts';
import { internalRoutes } from './controllers/internal/routes.ts';
import { publicRoutes } from './controllers/public/routes.ts';
import { superadminRoutes } from './controllers/superadmin/routes.ts';
import { systemRoutes } from './controllers/system/routes.ts';
import type { RouteGroup } from './route-definition.ts';

// #region route-table
/** Every route of the API, by caller group: the router, the OpenAPI document and the tests read this. */
export const routeTable: RouteGroup[] = [
  systemRoutes,
  publicRoutes,
  clientRoutes,
  adminRoutes,
  superadminRoutes,
  internalRoutes,
];
// #endregion route-table
