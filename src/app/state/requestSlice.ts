/** The request as the user writes it in the request bar (text, parsed when it is sent). */
import { DEFAULT_EXAMPLE } from '../examples/index.js';
import type { SliceCreator } from './types.js';

export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

export interface RequestSlice {
  readonly method: string;
  readonly url: string;
  /** "Name: value", one header per line. */
  readonly headersText: string;
  /** Empty: the engine's default client address. */
  readonly clientIp: string;
  /** Request body size in bytes, as typed; empty for no body. */
  readonly bodySize: string;
  /** curl -k: go on when the certificate does not verify. */
  readonly insecure: boolean;
  /** Seed for the engine's random choices (replica, pod, canary draw). */
  readonly seed: number;
  /** Bumped by "Send": the engine runs at once instead of after the typing pause. */
  readonly sendCount: number;
  setMethod(method: string): void;
  setUrl(url: string): void;
  setHeadersText(text: string): void;
  setClientIp(ip: string): void;
  setBodySize(size: string): void;
  setInsecure(insecure: boolean): void;
  send(): void;
}

export const createRequestSlice: SliceCreator<RequestSlice> = (set) => ({
  method: DEFAULT_EXAMPLE.request.method,
  url: DEFAULT_EXAMPLE.request.url,
  headersText: '',
  clientIp: '',
  bodySize: '',
  insecure: false,
  seed: 1,
  sendCount: 0,
  setMethod: (method) => set({ method }),
  setUrl: (url) => set({ url }),
  setHeadersText: (headersText) => set({ headersText }),
  setClientIp: (clientIp) => set({ clientIp }),
  setBodySize: (bodySize) => set({ bodySize }),
  setInsecure: (insecure) => set({ insecure }),
  send: () => set((state) => ({ sendCount: state.sendCount + 1 })),
});
