/** `config -o json` and `-o yaml`: each controller's configuration, with where its parts come from. */
import { Document, isNode } from 'yaml';
import { formatSource, type ProxyConfig } from '../../engine/index.js';

export function configToJson(configs: readonly ProxyConfig[]): unknown {
  return {
    configs: configs.map((c) =>
      c.format === 'nginx'
        ? {
            controller: c.controller,
            family: c.family,
            format: c.format,
            text: c.text,
            notes: c.notes,
          }
        : {
            controller: c.controller,
            family: c.family,
            format: c.format,
            config: c.document,
            sources: c.sources.map((s) => ({
              path: s.path,
              source: formatSource(s.source),
              ...(s.note ? { note: s.note } : {}),
            })),
            notes: c.notes,
          },
    ),
  };
}

/** One YAML document per controller; each part carries a comment naming the YAML that made it. */
export function configToYaml(c: ProxyConfig, separate: boolean): string {
  const doc = new Document(
    c.format === 'nginx'
      ? { controller: c.controller, family: c.family, format: c.format, text: c.text }
      : c.document,
    { aliasDuplicateObjects: false },
  );
  doc.commentBefore = ` ${c.format === 'xds' ? 'xDS' : c.format === 'traefik' ? 'Traefik dynamic configuration' : 'nginx.conf'} of ${c.controller} (${c.family})`;
  if (c.format !== 'nginx')
    for (const s of c.sources) {
      const node = doc.getIn(s.path, true);
      if (isNode(node)) {
        const text = ` ${formatSource(s.source)}${s.note ? `: ${s.note}` : ''}`;
        node.commentBefore = node.commentBefore ? `${node.commentBefore}\n${text}` : text;
      }
    }
  return `${separate ? '---\n' : ''}${doc.toString({ lineWidth: 0 })}`;
}
