// The door's settings (server/security.ts): which names the server answers to, what counts as loopback, and
// the environment's refusals when TRUSTED_PROXY settings do not hold together.
import { allowedHosts, isLoopback, securityFromEnv } from '../../../server/security';

it('answers to its bind address, localhost and the public URL’s names, and nothing else', () => {
  const names = allowedHosts(
    securityFromEnv('127.0.0.1', { TICKMARK_PUBLIC_URL: 'https://Plans.Example.com, http://tm.internal:8080' }),
  );
  for (const n of ['127.0.0.1', 'localhost', '[::1]', 'plans.example.com', 'tm.internal']) expect(names).toContain(n);
  expect(names).not.toContain('evil.example');
  expect(allowedHosts(securityFromEnv('::1', {}))).toContain('[::1]');
  expect(allowedHosts(securityFromEnv('10.0.0.5', {}))).toContain('10.0.0.5');
});

it('knows loopback binds from network ones', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) expect(isLoopback(h)).toBe(true);
  for (const h of ['0.0.0.0', '::', '10.0.0.5', 'example.com']) expect(isLoopback(h)).toBe(false);
});

it('says what to set when the environment does not hold together', () => {
  expect(() => securityFromEnv('127.0.0.1', { TICKMARK_PUBLIC_URL: 'not a url' })).toThrow(
    /TICKMARK_PUBLIC_URL must be a URL/,
  );
  expect(() => securityFromEnv('127.0.0.1', { TRUSTED_PROXY_HEADER: 'X-Forwarded-User' })).toThrow(
    /without TRUSTED_PROXY/,
  );
  expect(() => securityFromEnv('127.0.0.1', { TRUSTED_PROXY: '127.0.0.1', TRUSTED_PROXY_HEADER: 'X User' })).toThrow(
    /must be a header name/,
  );
  const s = securityFromEnv('127.0.0.1', { TRUSTED_PROXY: '127.0.0.1', TRUSTED_PROXY_HEADER: 'X-Forwarded-User' });
  expect(s).toMatchObject({ trustedProxy: '127.0.0.1', proxyUserHeader: 'x-forwarded-user', publicTls: false });
  expect(securityFromEnv('127.0.0.1', {}).proxyUserHeader).toBeNull();
});
