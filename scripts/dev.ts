// `npm run dev`: the docs site beside the reference app's API and worker, in one terminal.
import path from 'node:path';
import { launchAndExit } from '../reference-app/dev/launcher.ts';

const root = path.resolve(import.meta.dirname, '..');
const docsPort = Number(process.env.DOCS_PORT ?? 4321);
await launchAndExit({
  appRoot: path.join(root, 'reference-app'),
  dataDir: path.join(root, '.data'),
  extras: [
    {
      name: 'docs',
      command: `npx astro dev --port ${docsPort}`,
      cwd: root,
      port: docsPort,
      portVariable: 'DOCS_PORT',
      url: `http://localhost:${docsPort}/`,
    },
  ],
});
