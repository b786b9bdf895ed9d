// #region marker-syntax
/** `// #region name` (TS/JS), `-- #region name` (SQL), `# #region name` (YAML, shell, .env). */
const MARKER = /^(?:\/\/|--|#)\s*#(region|endregion)\b(.*)$/;
// #endregion marker-syntax

type Marker = { kind: 'region' | 'endregion'; name: string | undefined };

type RegionSpan = { name: string; startLine: number; endLine: number };

type ParsedRegions = { regions: Map<string, RegionSpan>; markerLines: Set<number> };

function parseMarker(line: string, where: string): Marker | undefined {
  const match = MARKER.exec(line.trim());
  if (!match) return undefined;
  const name = match[2].trim();
  // Rejected rather than ignored: a marker that silently became code would leak into the docs.
  if (/\s/.test(name)) throw new Error(`${where}: region name "${name}" must not contain spaces`);
  return { kind: match[1] as Marker['kind'], name: name || undefined };
}

function parseRegions(lines: string[], fileLabel: string): ParsedRegions {
  const regions = new Map<string, RegionSpan>();
  const markerLines = new Set<number>();
  const open: { name: string; startLine: number }[] = [];

  lines.forEach((line, index) => {
    const lineNo = index + 1;
    const marker = parseMarker(line, `${fileLabel}:${lineNo}`);
    if (!marker) return;
    markerLines.add(index);

    if (marker.kind === 'region') {
      if (!marker.name) throw new Error(`${fileLabel}:${lineNo}: "#region" needs a name`);
      const earlier = regions.get(marker.name) ?? open.find((o) => o.name === marker.name);
      if (earlier) {
        throw new Error(
          `${fileLabel}:${lineNo}: region "${marker.name}" is declared twice (first at line ${earlier.startLine + 1})`,
        );
      }
      open.push({ name: marker.name, startLine: index });
      return;
    }

    // A named #endregion may close an outer region, so regions are allowed to overlap.
    const at = marker.name ? open.findLastIndex((o) => o.name === marker.name) : open.length - 1;
    if (at < 0) {
      const label = marker.name ? `"#endregion ${marker.name}"` : '"#endregion"';
      throw new Error(`${fileLabel}:${lineNo}: ${label} has no matching "#region"`);
    }
    const [closed] = open.splice(at, 1);
    regions.set(closed.name, { name: closed.name, startLine: closed.startLine, endLine: index });
  });

  const unclosed = open[0];
  if (unclosed) {
    throw new Error(
      `${fileLabel}:${unclosed.startLine + 1}: region "${unclosed.name}" is never closed`,
    );
  }
  return { regions, markerLines };
}

function dedent(lines: string[]): string[] {
  const indents = lines
    .filter((line) => line.trim() !== '')
    .map((line) => line.length - line.trimStart().length);
  const common = indents.length ? Math.min(...indents) : 0;
  return lines.map((line) => line.slice(common));
}

function trimBlankLines(lines: string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].trim() === '') start++;
  while (end > start && lines[end - 1].trim() === '') end--;
  return lines.slice(start, end);
}

/** Region names in the order they are declared; throws if the markers are malformed. */
export function listRegions(source: string, fileLabel = 'source'): string[] {
  const { regions } = parseRegions(source.split(/\r?\n/), fileLabel);
  return [...regions.values()].sort((a, b) => a.startLine - b.startLine).map((r) => r.name);
}

/** The lines of `region` (or of the whole file), from just after its marker to just before its end. */
function spanOf(lines: string[], region: string | undefined, fileLabel: string) {
  const { regions, markerLines } = parseRegions(lines, fileLabel);
  if (region === undefined) return { from: 0, to: lines.length, markerLines };
  const span = regions.get(region);
  if (!span) {
    const known = [...regions.keys()].join(', ') || 'none';
    throw new Error(`region "${region}" not found in ${fileLabel} (regions there: ${known})`);
  }
  return { from: span.startLine + 1, to: span.endLine, markerLines };
}

// #region extract-region
/**
 * Returns the text of `region` (or of the whole file), without any marker line,
 * dedented and without leading/trailing blank lines.
 */
export function extractRegion(source: string, region: string | undefined, fileLabel: string) {
  const lines = source.split(/\r?\n/);
  const { from, to, markerLines } = spanOf(lines, region, fileLabel);
  const kept = lines.slice(from, to).filter((_, offset) => !markerLines.has(from + offset));
  return trimBlankLines(dedent(kept)).join('\n');
}
// #endregion extract-region

/** The first and last line (counted from 1, in the file as it is) of what `extractRegion` shows. */
export function regionLines(source: string, region: string | undefined, fileLabel: string) {
  const lines = source.split(/\r?\n/);
  const { from, to, markerLines } = spanOf(lines, region, fileLabel);
  const shown = lines
    .map((line, index) => ({ line, index }))
    .slice(from, to)
    .filter(({ line, index }) => !markerLines.has(index) && line.trim() !== '');
  return { first: (shown[0]?.index ?? from) + 1, last: (shown.at(-1)?.index ?? from) + 1 };
}
