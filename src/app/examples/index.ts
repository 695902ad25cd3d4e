/**
 * The built-in examples: YAML and the request that shows what each one teaches.
 * Written for routelab; each file holds one example as a string.
 */
import { missingClassYaml } from './missingClass.js';
import { shopYaml } from './shop.js';
import { wrongPortYaml } from './wrongPort.js';

export type ExampleId = 'shop' | 'missing-class' | 'wrong-port';

export interface Example {
  readonly id: ExampleId;
  readonly title: string;
  /** One line: what to look for. */
  readonly description: string;
  readonly yaml: string;
  readonly request: { readonly method: string; readonly url: string };
}

export const EXAMPLES: readonly Example[] = [
  {
    id: 'shop',
    title: 'Shop: API and frontend on one host, with TLS',
    description:
      'Paths under /api go to the API Service, everything else to the frontend. Try /api/cart and /.',
    yaml: shopYaml,
    request: { method: 'GET', url: 'https://shop.example.com/api/cart' },
  },
  {
    id: 'missing-class',
    title: 'Broken: Ingress without a class (404)',
    description:
      'No controller claims the Ingress, so its host falls through to the default backend.',
    yaml: missingClassYaml,
    request: { method: 'GET', url: 'http://blog.example.com/' },
  },
  {
    id: 'wrong-port',
    title: 'Broken: Service targetPort is wrong (502)',
    description: 'The Service points at a port nobody listens on, so nginx answers 502.',
    yaml: wrongPortYaml,
    request: { method: 'GET', url: 'http://docs.example.com/' },
  },
];

export const DEFAULT_EXAMPLE: Example = EXAMPLES[0] as Example;

export function findExample(id: string): Example | undefined {
  return EXAMPLES.find((e) => e.id === id);
}
