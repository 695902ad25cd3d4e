import { describe, expect, it } from 'vitest';
import { linesAt } from './lineAt.js';
import { inConfigMapData, nginxHoverAt } from './nginxDocs.js';

const yaml = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  annotations:
    nginx.ingress.kubernetes.io/proxy-read-timeout: "300"
    nginx.ingress.kubernetes.io/proxy-read-timout: "300"
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ingress-nginx-controller
data:
  keep-alive: "75"
  rewrite-target: /
`;
const lines = linesAt(yaml.split('\n'));

describe('ingress-nginx hover docs', () => {
  it('documents an annotation from the catalogue: what, default, where', () => {
    const doc = nginxHoverAt(lines, 5, 20);
    expect(doc?.markdown).toContain('**proxy-read-timeout** — ingress-nginx');
    expect(doc?.markdown).toContain('Default: `60` (seconds)');
    expect(doc?.markdown).toContain('a ConfigMap key that sets it for every Ingress');
    expect(doc?.startColumn).toBe(5);
    expect(nginxHoverAt(lines, 5, 70)).toBeNull(); // on the value, not the key
  });

  it('says when an annotation does not exist', () => {
    expect(nginxHoverAt(lines, 6, 20)?.markdown).toContain('is not an ingress-nginx annotation');
    expect(nginxHoverAt(lines, 6, 20, true)?.markdown).toContain(
      'is not an ingress-nginx annotation',
    );
    expect(nginxHoverAt(lines, 5, 20, true)).toBeNull();
  });

  it('documents ConfigMap keys only inside a ConfigMap, and flags annotation-only keys there', () => {
    expect(inConfigMapData(lines, 13)).toBe(true);
    expect(inConfigMapData(lines, 11)).toBe(false);
    expect(nginxHoverAt(lines, 13, 4)?.markdown).toContain('**keep-alive**');
    expect(nginxHoverAt(lines, 14, 4)?.markdown).toContain(
      'This is an annotation, not a ConfigMap key',
    );
    expect(nginxHoverAt(lines, 14, 4, true)?.markdown).toContain('This is an annotation');
  });

  it('finds the ConfigMap when its kind comes after its data, and not past the document', () => {
    const kindLast = linesAt([
      'data:',
      '  keep-alive: "75"',
      'kind: ConfigMap',
      '---',
      'data:',
      '  keep-alive: "1"',
    ]);
    expect(inConfigMapData(kindLast, 2)).toBe(true);
    expect(inConfigMapData(kindLast, 6)).toBe(false);
    expect(
      inConfigMapData(linesAt(['data:', '  keep-alive: "75"', '---', 'kind: ConfigMap']), 2),
    ).toBe(false);
  });
});
