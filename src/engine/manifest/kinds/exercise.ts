/**
 * Reads an Exercise document (routelab.dev/v1alpha1): title, story, difficulty, the
 * starting manifests and scenario, goals, hints, a solution and an explanation. A pack is
 * a folder of these or one multi-document file. Everything is data: manifests stay text
 * until the grader loads them, and nothing in an exercise is ever run.
 */
import { stringify } from 'yaml';
import {
  DIFFICULTIES,
  type Difficulty,
  type Exercise,
  type ExerciseGoal,
  type ExerciseManifests,
  type SimulationMetric,
  type SimulationThreshold,
} from '../../model/exercise.js';
import type { Resource } from '../../model/resources.js';
import type { YamlPath } from '../../model/source.js';
import type { FieldReader } from '../reader.js';
import { readMeta } from './common.js';
import { parseDurationMs } from './scenario.js';
import {
  checkKeys,
  CODES,
  expectsSomething,
  items,
  label,
  LIMITS,
  readExpectation,
  readRequestSpec,
  ROUTELAB_API_VERSION,
  text,
} from './routeTest.js';

export const EXERCISE_LIMITS = {
  goals: 50,
  hints: 20,
  tags: 20,
  documents: 200,
  manifestChars: 1_000_000,
} as const;

const SPEC_FIELDS = [
  'title',
  'story',
  'difficulty',
  'tags',
  'start',
  'goals',
  'hints',
  'solution',
  'explanation',
];
const GOAL_FIELDS = ['id', 'title', 'request', 'diagnostic', 'simulation'];
const REQUEST_GOAL_FIELDS = [
  'url',
  'method',
  'headers',
  'clientIP',
  'clientIp',
  'bodySize',
  'resolve',
  'insecure',
  'expect',
];

type Unit = 'ratio' | 'ms' | 'count';

const METRICS: Readonly<Record<Exclude<SimulationMetric, 'statusShare' | 'serviceShare'>, Unit>> = {
  errorRate: 'ratio',
  p50: 'ms',
  p95: 'ms',
  p99: 'ms',
  max: 'ms',
  retries: 'count',
  rateLimited: 'count',
  upstreamConnections: 'count',
};

const SIMULATION_FIELDS = [...Object.keys(METRICS), 'statusShare', 'serviceShare'];

export function readExerciseResource(
  r: FieldReader,
  apiVersion: string,
  order: number,
): Resource | undefined {
  const meta = readMeta(r, false);
  if (!meta) return undefined;
  const exercise = readExercise(r, meta.name, order);
  if (!exercise) return undefined;
  return {
    kind: 'Exercise',
    apiVersion,
    meta,
    source: r.at([]),
    locate: r.locate,
    order,
    exercise,
  };
}

export function readExercise(r: FieldReader, name: string, order: number): Exercise | undefined {
  checkKeys(r, [], ['apiVersion', 'kind', 'metadata', 'spec'], 'An Exercise');
  checkKeys(r, ['spec'], SPEC_FIELDS, 'spec');
  const title = text(r, ['spec', 'title'], LIMITS.nameChars);
  if (!title) r.report(CODES.badValue, 'error', ['spec'], 'An Exercise needs spec.title.');
  const story = text(r, ['spec', 'story']) ?? '';
  const difficulty = readDifficulty(r);
  const tags = items(r, ['spec', 'tags'])
    .slice(0, EXERCISE_LIMITS.tags)
    .flatMap((_, i) => text(r, ['spec', 'tags', i], 60) ?? []);
  const start = readManifests(r, ['spec', 'start', 'manifests'], 'spec.start.manifests');
  checkKeys(r, ['spec', 'start'], ['manifests', 'scenario'], 'spec.start');
  const scenario = readScenarioText(r, ['spec', 'start', 'scenario'], name);
  checkKeys(r, ['spec', 'solution'], ['manifests'], 'spec.solution');
  const solution = readManifests(r, ['spec', 'solution', 'manifests'], 'spec.solution.manifests');
  const goals = readGoals(r);
  const hintList = items(r, ['spec', 'hints']);
  const hints = hintList
    .slice(0, EXERCISE_LIMITS.hints)
    .flatMap((_, i) => text(r, ['spec', 'hints', i]) ?? []);
  if (hintList.length > EXERCISE_LIMITS.hints)
    r.report(
      CODES.tooLarge,
      'warning',
      ['spec', 'hints'],
      `Only the first ${EXERCISE_LIMITS.hints} hints are kept.`,
    );
  const explanation = text(r, ['spec', 'explanation']) ?? '';
  if (!title || !start || !solution) return undefined;
  return {
    name,
    title,
    story,
    difficulty,
    tags,
    start,
    ...(scenario ? { scenario } : {}),
    goals,
    hints,
    solution,
    explanation,
    order,
    source: r.at([]),
  };
}

function readDifficulty(r: FieldReader): Difficulty {
  const v = text(r, ['spec', 'difficulty'], 40);
  if (v === undefined) return 'beginner';
  if ((DIFFICULTIES as readonly string[]).includes(v)) return v as Difficulty;
  r.report(
    CODES.badValue,
    'error',
    ['spec', 'difficulty'],
    `difficulty "${v}" is not one of ${DIFFICULTIES.join(', ')}.`,
  );
  return 'beginner';
}

/** Manifests as YAML text (a block scalar) or as a list of documents. */
function readManifests(
  r: FieldReader,
  path: YamlPath,
  what: string,
): ExerciseManifests | undefined {
  const v = r.get(path);
  if (v === undefined || v === null) {
    r.report(CODES.badValue, 'error', path, `An Exercise needs ${what}.`);
    return undefined;
  }
  const source = r.at(path);
  if (typeof v === 'string') {
    if (v.length > EXERCISE_LIMITS.manifestChars) {
      r.report(
        CODES.tooLarge,
        'error',
        path,
        `${what} is ${v.length} characters long; at most ${EXERCISE_LIMITS.manifestChars} are read.`,
      );
      return undefined;
    }
    // A block scalar (`manifests: |`) starts on the line after its key.
    const firstLine = source.range.startLine + (v.includes('\n') ? 1 : 0);
    return { text: v, firstLine, source };
  }
  if (Array.isArray(v)) {
    if (v.length > EXERCISE_LIMITS.documents) {
      r.report(
        CODES.tooLarge,
        'error',
        path,
        `${what} has ${v.length} documents; at most ${EXERCISE_LIMITS.documents} are read.`,
      );
      return undefined;
    }
    const docs = v.map((doc) => stringify(doc, { version: '1.1', lineWidth: 0 }).trimEnd());
    const joined = docs.join('\n---\n');
    if (joined.length > EXERCISE_LIMITS.manifestChars) {
      r.report(CODES.tooLarge, 'error', path, `${what} is too large to read.`);
      return undefined;
    }
    return { text: docs.length > 0 ? `${joined}\n` : '', source };
  }
  r.report(
    CODES.badValue,
    'error',
    path,
    `${what} is YAML text (manifests: |) or a list of documents.`,
  );
  return undefined;
}

/** The scenario: a Scenario's spec as a mapping, or a whole Scenario document as text. */
function readScenarioText(
  r: FieldReader,
  path: YamlPath,
  name: string,
): ExerciseManifests | undefined {
  const v = r.get(path);
  if (v === undefined || v === null) return undefined;
  const source = r.at(path);
  if (typeof v === 'string') {
    if (v.length > EXERCISE_LIMITS.manifestChars) {
      r.report(CODES.tooLarge, 'error', path, 'The scenario is too large to read.');
      return undefined;
    }
    return { text: v, firstLine: source.range.startLine + (v.includes('\n') ? 1 : 0), source };
  }
  if (typeof v === 'object' && !Array.isArray(v)) {
    const doc = {
      apiVersion: ROUTELAB_API_VERSION,
      kind: 'Scenario',
      metadata: { name },
      spec: v,
    };
    return { text: stringify(doc, { version: '1.1', lineWidth: 0 }), source };
  }
  r.report(
    CODES.badValue,
    'error',
    path,
    "scenario is a Scenario's spec (seed, duration, backends, traffic, faults) or a Scenario document as text.",
  );
  return undefined;
}

function readGoals(r: FieldReader): ExerciseGoal[] {
  const list = items(r, ['spec', 'goals']);
  if (list.length === 0)
    r.report(CODES.checksNothing, 'error', ['spec'], 'An Exercise needs at least one goal.');
  if (list.length > EXERCISE_LIMITS.goals)
    r.report(
      CODES.tooLarge,
      'error',
      ['spec', 'goals'],
      `${list.length} goals; at most ${EXERCISE_LIMITS.goals} are read.`,
    );
  const seen = new Set<string>();
  return list.slice(0, EXERCISE_LIMITS.goals).flatMap((_, i) => {
    const path: YamlPath = ['spec', 'goals', i];
    checkKeys(r, path, GOAL_FIELDS, 'A goal');
    const id = text(r, [...path, 'id'], 100) ?? `goal-${i + 1}`;
    if (seen.has(id))
      r.report(CODES.badValue, 'error', [...path, 'id'], `Two goals have the id "${id}".`);
    seen.add(id);
    const title = text(r, [...path, 'title'], LIMITS.nameChars);
    if (!title) r.report(CODES.badValue, 'error', path, 'A goal needs a title.');
    const kinds = (['request', 'diagnostic', 'simulation'] as const).filter((k) =>
      r.has([...path, k]),
    );
    if (kinds.length !== 1) {
      r.report(
        CODES.badValue,
        'error',
        path,
        'A goal has exactly one of request, diagnostic or simulation.',
      );
      return [];
    }
    const base = { id, title: title ?? id, source: r.at(path) };
    const kind = kinds[0];
    if (kind === 'request') return readRequestGoal(r, [...path, 'request'], base);
    if (kind === 'diagnostic') return readDiagnosticGoal(r, [...path, 'diagnostic'], base);
    return readSimulationGoal(r, [...path, 'simulation'], base);
  });
}

type Base = Pick<ExerciseGoal, 'id' | 'title' | 'source'>;

function readRequestGoal(r: FieldReader, path: YamlPath, base: Base): ExerciseGoal[] {
  checkKeys(r, path, REQUEST_GOAL_FIELDS, 'A request goal');
  const request = readRequestSpec(r, path);
  if (!request) return [];
  const expect = readExpectation(r, [...path, 'expect']);
  if (!expectsSomething(expect)) {
    r.report(
      CODES.checksNothing,
      'error',
      path,
      'This request goal has no expect: it would be met by anything.',
    );
    return [];
  }
  return [{ ...base, kind: 'request', request, expect }];
}

function readDiagnosticGoal(r: FieldReader, path: YamlPath, base: Base): ExerciseGoal[] {
  checkKeys(r, path, ['code', 'present', 'resource'], 'A diagnostic goal');
  const code = text(r, [...path, 'code'], 20);
  if (!code || !/^RL\d{3}$/.test(code)) {
    r.report(CODES.badValue, 'error', path, 'A diagnostic goal names a code such as RL208.');
    return [];
  }
  const presentRaw = r.get([...path, 'present']);
  if (presentRaw !== undefined && typeof presentRaw !== 'boolean')
    r.report(CODES.badValue, 'error', [...path, 'present'], 'present is true or false.');
  const resource = text(r, [...path, 'resource'], LIMITS.nameChars);
  return [
    {
      ...base,
      kind: 'diagnostic',
      code,
      present: presentRaw === true,
      ...(resource !== undefined ? { resource } : {}),
    },
  ];
}

function readSimulationGoal(r: FieldReader, path: YamlPath, base: Base): ExerciseGoal[] {
  const v = r.get(path);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    r.report(
      CODES.badValue,
      'error',
      path,
      'A simulation goal is a mapping of metrics to bounds (errorRate: { max: 1% }).',
    );
    return [];
  }
  checkKeys(r, path, SIMULATION_FIELDS, 'A simulation goal');
  const thresholds: SimulationThreshold[] = [];
  for (const [metric, unit] of Object.entries(METRICS) as [SimulationMetric, Unit][]) {
    if (!r.has([...path, metric])) continue;
    const bounds = readBounds(r, [...path, metric], unit);
    if (bounds) thresholds.push({ metric, ...bounds, source: r.at([...path, metric]) });
  }
  for (const metric of ['statusShare', 'serviceShare'] as const) {
    const at = [...path, metric];
    const map = r.get(at);
    if (map === undefined || map === null) continue;
    if (typeof map !== 'object' || Array.isArray(map)) {
      r.report(
        CODES.badValue,
        'error',
        at,
        `${metric} maps ${metric === 'statusShare' ? 'a status ("503")' : 'a Service ("shop/web")'} to bounds.`,
      );
      continue;
    }
    for (const key of Object.keys(map)) {
      if (metric === 'statusShare' && !/^(\d{3}|error)$/.test(key)) {
        r.report(CODES.badValue, 'error', [...at, key], `"${key}" is not a status (or "error").`);
        continue;
      }
      if (metric === 'serviceShare' && !/^[^/\s]+\/[^/\s]+$/.test(key)) {
        r.report(CODES.badValue, 'error', [...at, key], `"${key}" is not namespace/name.`);
        continue;
      }
      const bounds = readBounds(r, [...at, key], 'ratio');
      if (bounds)
        thresholds.push({
          metric,
          ...(metric === 'statusShare' ? { status: key } : { service: key }),
          ...bounds,
          source: r.at([...at, key]),
        });
    }
  }
  if (thresholds.length === 0) {
    r.report(CODES.checksNothing, 'error', path, 'This simulation goal sets no bound.');
    return [];
  }
  return [{ ...base, kind: 'simulation', thresholds }];
}

/** `{ min, max }`, or one value meaning max. Ratios as 0.05 or "5%", times as "2s". */
function readBounds(
  r: FieldReader,
  path: YamlPath,
  unit: Unit,
): { min?: number; max?: number } | undefined {
  const v = r.get(path);
  if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
    checkKeys(r, path, ['min', 'max'], label(path));
    const min = r.has([...path, 'min']) ? readValue(r, [...path, 'min'], unit) : undefined;
    const max = r.has([...path, 'max']) ? readValue(r, [...path, 'max'], unit) : undefined;
    if (min === undefined && max === undefined) {
      r.report(CODES.badValue, 'error', path, `${label(path)} needs min or max.`);
      return undefined;
    }
    if (min !== undefined && max !== undefined && min > max) {
      r.report(CODES.badValue, 'error', path, `${label(path)}: min is above max.`);
      return undefined;
    }
    return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  }
  const max = readValue(r, path, unit);
  return max === undefined ? undefined : { max };
}

function readValue(r: FieldReader, path: YamlPath, unit: Unit): number | undefined {
  const v = r.get(path);
  let n: number | undefined;
  if (unit === 'ratio') {
    if (typeof v === 'number') n = v;
    else if (typeof v === 'string' && /^\d+(\.\d+)?%$/.test(v.trim()))
      n = Number(v.trim().slice(0, -1)) / 100;
    if (n === undefined || !(n >= 0 && n <= 1)) {
      r.report(
        CODES.badValue,
        'error',
        path,
        `${label(path)} is a share: a fraction from 0 to 1 (0.05) or a percentage ("5%").`,
      );
      return undefined;
    }
    return n;
  }
  if (unit === 'ms') {
    n =
      typeof v === 'string'
        ? parseDurationMs(v)
        : typeof v === 'number' && v >= 0
          ? v * 1000
          : undefined;
    if (n === undefined) {
      r.report(
        CODES.badValue,
        'error',
        path,
        `${label(path)} is a duration: 250ms, 2s, 1m30s (a bare number is seconds).`,
      );
      return undefined;
    }
    return n;
  }
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  r.report(CODES.badValue, 'error', path, `${label(path)} is a whole number.`);
  return undefined;
}
