// `npm run dev` of the app on its own: PostgreSQL and Redis (embedded or yours), migrations,
// then the API and the worker, restarting on change.
import path from 'node:path';
import { launchAndExit } from './launcher.ts';

const appRoot = path.resolve(import.meta.dirname, '..');
await launchAndExit({ appRoot, dataDir: path.join(appRoot, '.data') });
