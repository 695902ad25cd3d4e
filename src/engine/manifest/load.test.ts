import { describe, expect, it } from 'vitest';
import { applyFix } from '../model/diagnostics.js';
import { loadManifests, ManifestLoader } from './load.js';

const ING = (name: string, extra = '') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: shop${extra}
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80`;

const codes = (text: string) => loadManifests(text).diagnostics.map((d) => d.code);

describe('loadManifests', () => {
  it('reads multi-document YAML and keeps each resource and field on its lines', () => {
    const text = `${ING('a')}\n---\n${ING('b')}`;
    const { resources, diagnostics } = loadManifests(text);
    expect(diagnostics).toEqual([]);
    expect(resources.map((r) => r.meta.name)).toEqual(['a', 'b']);
    const b = resources[1];
    expect(b?.source.range).toEqual({ startLine: 20, endLine: 37 });
    if (b?.kind !== 'Ingress') throw new Error('expected an Ingress');
    expect(b.rules[0]?.paths[0]?.source.range.startLine).toBe(31);
    expect(b.locate(['spec', 'ingressClassName']).range).toEqual({ startLine: 26, endLine: 26 });
  });

  it('reads kind: List as kubectl get -o yaml prints it', () => {
    const items = ING('a')
      .replace(/^/gm, '    ')
      .replace(/^ {4}apiVersion/, '  - apiVersion');
    const { resources } = loadManifests(`apiVersion: v1\nkind: List\nitems:\n${items}\n`);
    expect(resources.map((r) => `${r.kind}/${r.meta.name}`)).toEqual(['Ingress/a']);
    expect(resources[0]?.source.range.startLine).toBe(4);
  });

  it('reads helm template output: comments, empty documents, a leading ---', () => {
    const text = `---\n# Source: shop/templates/ingress.yaml\n${ING('a')}\n---\n# Source: shop/templates/empty.yaml\n---\n...\n`;
    expect(loadManifests(text).resources).toHaveLength(1);
    expect(loadManifests(text).diagnostics).toEqual([]);
  });

  it('reports a YAML syntax error on its line and still loads the other documents', () => {
    const text = `${ING('a')}\n---\nkind: Service\nmetadata: {name: x\n---\n${ING('b')}`;
    const r = loadManifests(text);
    expect(r.resources.map((x) => x.meta.name)).toEqual(['a', 'b']);
    const err = r.diagnostics.find((d) => d.code === 'RL100');
    expect(err?.range?.startLine).toBeGreaterThanOrEqual(20);
    expect(err?.range?.startLine).toBeLessThanOrEqual(22);
  });

  it('reports missing apiVersion, kind and name', () => {
    expect(codes('kind: Service\nmetadata: {name: a}')).toContain('RL102');
    expect(codes('apiVersion: v1\nmetadata: {name: a}')).toContain('RL102');
    expect(
      codes('apiVersion: v1\nkind: Service\nmetadata: {}\nspec: {ports: [{port: 80}]}'),
    ).toContain('RL103');
  });

  it('rejects an Ingress whose annotation value is a number, with a quick fix', () => {
    const text = ING(
      'a',
      '\n  annotations:\n    nginx.ingress.kubernetes.io/proxy-read-timeout: 300',
    );
    const r = loadManifests(text);
    const d = r.diagnostics.find((x) => x.code === 'RL104');
    expect(d?.source?.range.startLine).toBe(7);
    expect(r.resources).toHaveLength(0);
    expect(r.rejected).toHaveLength(1);
    expect(d?.fix?.edit).toBeDefined();
    const fixed = applyFix(text, d?.fix?.edit ?? { line: 0, find: '', replace: '' });
    expect(fixed).toContain('proxy-read-timeout: "300"');
    expect(loadManifests(fixed).resources).toHaveLength(1);
  });

  it('reads YAML 1.1 booleans as kubectl does: an unquoted `yes` is not a string', () => {
    expect(
      codes(ING('a', '\n  annotations:\n    nginx.ingress.kubernetes.io/ssl-redirect: yes')),
    ).toContain('RL104');
  });

  it('validates paths like the API server (A1)', () => {
    expect(codes(ING('a').replace('            pathType: Prefix\n', ''))).toContain('RL110');
    expect(codes(ING('a').replace('pathType: Prefix', 'pathType: Regex'))).toContain('RL111');
    expect(codes(ING('a').replace('path: /', 'path: /a//b'))).toContain('RL112');
    expect(codes(ING('a').replace('path: /', 'path: api'))).toContain('RL112');
    expect(codes(ING('a').replace('path: /', 'path: /api/..'))).toContain('RL112');
    expect(
      codes(
        ING('a')
          .replace('path: /', 'path: /api(/|$)(.*)')
          .replace('Prefix', 'ImplementationSpecific'),
      ),
    ).toEqual([]);
  });

  it('validates hosts (A2): no IP, no port, a wildcard only as the first label', () => {
    expect(codes(ING('a').replace('shop.example.com', '203.0.113.5'))).toContain('RL113');
    expect(codes(ING('a').replace('shop.example.com', 'shop.example.com:8080'))).toContain('RL113');
    expect(codes(ING('a').replace('shop.example.com', 'shop.*.com'))).toContain('RL113');
    expect(codes(ING('a').replace('shop.example.com', '"*.example.com"'))).toEqual([]);
  });

  it('names removed API versions', () => {
    const r = loadManifests(ING('a').replace('networking.k8s.io/v1', 'extensions/v1beta1'));
    expect(r.diagnostics[0]?.code).toBe('RL116');
    expect(r.diagnostics[0]?.message).toContain('1.22');
  });

  it('flags the same object twice; the later one wins', () => {
    const r = loadManifests(`${ING('a')}\n---\n${ING('a').replace('web', 'api')}`);
    expect(r.diagnostics.map((d) => d.code)).toContain('RL107');
    expect(r.resources).toHaveLength(1);
  });

  it('lists unknown kinds and leaves them alone', () => {
    const r = loadManifests(
      'apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: {name: c}',
    );
    expect(r.resources[0]).toMatchObject({ kind: 'Unknown', declaredKind: 'Certificate' });
    expect(r.diagnostics).toEqual([]);
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const r = loadManifests(
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n${bomb.map((l) => `  ${l}`).join('\n')}`,
    );
    expect(r.diagnostics.map((d) => d.code)).toContain('RL105');
  });

  it('re-parses only the documents whose text changed', () => {
    const loader = new ManifestLoader();
    const first = loader.load(`${ING('a')}\n---\n${ING('b')}`);
    const second = loader.load(`${ING('a')}\n---\n${ING('b').replace('web', 'api')}`);
    expect(second.resources[0]).toBe(first.resources[0]);
    expect(second.resources[1]).not.toBe(first.resources[1]);
  });

  it('keeps the objects of the documents around an edit that moves no line', () => {
    const loader = new ManifestLoader();
    const first = loader.load([ING('a'), ING('b'), ING('c')].join('\n---\n'));
    const second = loader.load(
      [ING('a'), ING('b').replace('web', 'api'), ING('c')].join('\n---\n'),
    );
    expect(second.resources[0]).toBe(first.resources[0]);
    expect(second.resources[1]).not.toBe(first.resources[1]);
    expect(second.resources[2]).toBe(first.resources[2]);
  });

  it('answers after any edit as a loader that never saw the file before', () => {
    const SVC = (name: string) =>
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  ports:\n    - port: 80`;
    const bad = 'kind: Service\nmetadata: {name: x}';
    // Each step is one edit of the one before, as typing and pasting make them.
    const steps = [
      [ING('a'), SVC('a'), ING('b'), SVC('b')],
      [ING('a'), SVC('a'), SVC('new'), ING('b'), SVC('b')], // a document added in the middle
      [ING('a'), SVC('new'), ING('b'), SVC('b')], // one removed
      [ING('a'), SVC('new'), `# note\n${ING('b')}`, SVC('b')], // a line added: the rest move
      [ING('a'), SVC('new'), '# only a comment', `# note\n${ING('b')}`, SVC('b')], // a blank one
      [SVC('b'), SVC('new'), '# only a comment', `# note\n${ING('b')}`, ING('a')], // two swapped
      [SVC('b'), bad, bad, SVC('b'), ING('a')], // the same text twice, and a duplicate object
      [SVC('b'), bad, ING('a'), bad, SVC('b'), ING('a')],
      [ING('a')],
    ].map((docs) => docs.join('\n---\n'));
    const seen = (r: ReturnType<typeof loadManifests>) => ({
      resources: r.resources.map((x) => [x.kind, x.meta.name, x.order, x.source.range]),
      diagnostics: r.diagnostics.map((d) => [d.code, d.source?.range ?? d.range, d.message]),
      rejected: r.rejected.map((x) => [x.kind, x.name, x.range]),
    });
    const loader = new ManifestLoader();
    for (const text of steps) expect(seen(loader.load(text))).toEqual(seen(loadManifests(text)));
  });

  it('names the definition just before when an object is defined three times', () => {
    const r = loadManifests([ING('a'), ING('a'), ING('a')].join('\n---\n'));
    const messages = r.diagnostics.filter((d) => d.code === 'RL107').map((d) => d.message);
    expect(messages).toEqual([
      expect.stringContaining('(first at line 1)'),
      expect.stringContaining('(first at line 20)'),
    ]);
    expect(r.resources).toHaveLength(1);
    expect(r.resources[0]?.source.range.startLine).toBe(39);
  });

  it('keeps a document read where it stood: the same text elsewhere is its own', () => {
    const loader = new ManifestLoader();
    // The same document twice, each rejected at its own kind line (no apiVersion).
    const bad = 'kind: Service\nmetadata: {name: x}';
    const twice = `${bad}\n---\n${bad}`;
    const first = loader.load(twice);
    expect(first.diagnostics.map((d) => d.source?.range.startLine)).toEqual([1, 4]);
    // An edit after them keeps both as they were read.
    const second = loader.load(`${twice}\n---\n${ING('b')}`);
    expect(second.diagnostics[0]).toBe(first.diagnostics[0]);
    expect(second.diagnostics[1]).toBe(first.diagnostics[1]);
    // A line added above moves both: read again, one line lower.
    const third = loader.load(`# moved\n${twice}`);
    expect(third.diagnostics[0]).not.toBe(first.diagnostics[0]);
    expect(third.diagnostics.map((d) => d.source?.range.startLine)).toEqual([2, 5]);
  });
});
