import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

// #region layers
/** The layers of reference-app/src, top to bottom: calls go down, never up. */
export const layerRows: { label: string; folders: string[] }[] = [
  { label: 'entry', folders: ['api/middlewares', 'worker/brokers'] },
  { label: 'handlers', folders: ['api/controllers', 'api/validators', 'worker/tasks'] },
  { label: 'business', folders: ['services'] },
  { label: 'data and SDKs', folders: ['database/repositories', 'libs'] },
  { label: 'tables', folders: ['database/models'] },
  { label: 'shared by all', folders: ['entities', 'common', 'helpers', 'utils'] },
];
// #endregion layers

/** Problems that make the diagram differ from the real tree: folders it names that do not exist, and top-level folders it leaves out. */
export function diagramProblems(srcDir: string): string[] {
  const named = layerRows.flatMap((row) => row.folders);
  const missing = named.filter((folder) => !existsSync(path.join(srcDir, folder)));
  const topLevel = readdirSync(srcDir).filter((entry) =>
    statSync(path.join(srcDir, entry)).isDirectory(),
  );
  const left = topLevel.filter(
    (folder) => !named.some((name) => name === folder || name.startsWith(`${folder}/`)),
  );
  return [
    ...missing.map((folder) => `the diagram names ${folder}, which is not a folder of ${srcDir}`),
    ...left.map((folder) => `the diagram leaves out the folder ${folder}`),
  ];
}
