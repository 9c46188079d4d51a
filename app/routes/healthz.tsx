// A trivial route through the same Remix handler: the baseline the bench compares pages against.
export function loader() {
  return new Response('ok', { headers: { 'Content-Type': 'text/plain' } });
}
