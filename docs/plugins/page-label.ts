/** `/url/ (docs/content/docs/page.mdx)`, so a build error points at the page's source file. */
export function describePage(pathname: string, sourceFile: () => string): string {
  try {
    return `${pathname} (${sourceFile()})`;
  } catch {
    // Starlight's route data throws outside Starlight pages; the URL alone still locates the page.
    return pathname;
  }
}
