// The Content-Security-Policy nonce of the response being rendered (set by app/entry.server.tsx). In the
// browser it is undefined: scripts React adds after hydration are not parsed by the CSP's inline rule.
import { createContext, useContext } from 'react';

export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce(): string | undefined {
  return useContext(NonceContext);
}
