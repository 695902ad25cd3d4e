/**
 * The shipped pack: every exercise reads without a problem, its solution meets every goal,
 * and its starting manifests miss at least one (so there is something to do).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gradeExercise, loadExercisePack } from '../engine/index.js';

const dir = path.dirname(fileURLToPath(import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const pack = loadExercisePack(
  files.map((file) => ({ text: readFileSync(path.join(dir, file), 'utf8'), file })),
);

describe('the exercise pack', () => {
  it('reads without a single diagnostic', () => {
    expect(pack.diagnostics).toEqual([]);
  });

  it('holds one exercise per file, at least fifteen, with unique names', () => {
    expect(pack.exercises).toHaveLength(files.length);
    expect(pack.exercises.length).toBeGreaterThanOrEqual(15);
    expect(new Set(pack.exercises.map((e) => e.name)).size).toBe(pack.exercises.length);
  });

  it('gives every exercise a story, hints and an explanation', () => {
    for (const e of pack.exercises) {
      expect(e.story.length, e.name).toBeGreaterThan(100);
      expect(e.hints.length, e.name).toBeGreaterThanOrEqual(2);
      expect(e.explanation.length, e.name).toBeGreaterThan(100);
    }
  });

  it('covers every common mistake of the tutorials and the issue’s topics', () => {
    const names = pack.exercises.map((e) => e.name);
    for (const topic of [
      'missing-ingress-class',
      'long-import-timeout',
      'upstream-keepalive',
      'retried-post',
      'single-controller-replica',
      'upload-body-size',
      'dns-records',
      'path-types',
      'rewrite-target',
      'wildcard-hosts',
      'missing-tls-secret',
      'ssl-redirect-loop',
      'rate-limit-per-replica',
      'readiness-503',
      'canary-rollout',
      'service-mismatch',
      'ingress-to-gateway-api',
      'traefik-priority',
      'contour-retries',
    ])
      expect(names).toContain(topic);
  });

  describe.each(pack.exercises.map((e) => [e.name, e] as const))('%s', (_, exercise) => {
    it('its solution meets every goal, and reads without errors', () => {
      const grade = gradeExercise(exercise, exercise.solution.text);
      const unmet = grade.goals.filter((g) => !g.met).map((g) => `${g.id}: ${g.why}`);
      expect(unmet).toEqual([]);
      expect(grade.solved).toBe(true);
      expect(grade.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(grade.notes).toEqual([]);
    });

    it('its starting manifests miss at least one goal', () => {
      const grade = gradeExercise(exercise, exercise.start.text);
      expect(grade.solved).toBe(false);
      expect(grade.met).toBeLessThan(grade.total);
    });

    it('grades the same twice', () => {
      expect(gradeExercise(exercise, exercise.start.text)).toEqual(
        gradeExercise(exercise, exercise.start.text),
      );
    });
  });
});
