import assert from 'node:assert/strict';

/** One sample of a Prometheus text-format scrape: `name{label="value",…} 12.5`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

/** Parses the text format; fails on a line that is neither a comment nor a sample. */
export function parseScrape(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const match = SAMPLE.exec(line);
      if (!match) throw new Error(`Not a Prometheus sample: ${line}`);
      const [, name, labels = '', value] = match;
      return {
        name: name as string,
        labels: Object.fromEntries([...labels.matchAll(LABEL)].map(([, key, v]) => [key, v])),
        value: Number(value),
      };
    });
}

/** The value of the one sample with this name and these labels (others may differ), else 0. */
export function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}) {
  const sample = samples.find(
    (candidate) =>
      candidate.name === name &&
      Object.entries(labels).every(([key, value]) => candidate.labels[key] === value),
  );
  return sample?.value ?? 0;
}

export async function scrapeText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return response.text();
}

export async function scrape(url: string): Promise<Sample[]> {
  return parseScrape(await scrapeText(url));
}
