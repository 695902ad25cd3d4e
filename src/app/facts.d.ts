/** The engine's facts, as JSON generated at build time (vite.config.ts, `engineFacts`). */
declare module 'virtual:routelab-facts' {
  export interface NginxKeyFact {
    readonly name: string;
    readonly scope: 'annotation' | 'configmap' | 'both';
    readonly summary: string;
    readonly default?: string;
    readonly unit?: string;
    readonly values?: readonly string[];
    readonly risk?: 'Low' | 'Medium' | 'High' | 'Critical';
    readonly aliases?: readonly string[];
    readonly removedIn?: string;
    readonly docs: string;
  }
  export const nginxAnnotationPrefix: string;
  export const nginxKeys: readonly NginxKeyFact[];
  export const httpMethods: readonly string[];
  export const contourRetryOn: readonly string[];
  export const apiVersions: {
    readonly contour: string;
    readonly scenario: string;
    readonly traefik: readonly string[];
  };
}
