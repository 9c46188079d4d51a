// React 18.3.1's renderToPipeableStream encodes HTML into 2048-byte views with TextEncoder.encodeInto; when a
// multi-byte character (`→`, `✅`) does not fit at the end of a view, it flushes the whole view anyway, so the
// 1–3 unwritten bytes go out as NUL (facebook/react#24985, fixed by facebook/react#26228 in React 19 only).
// The pages then hold `\0` wherever such a character lands on a 2 kB boundary. This stream drops those bytes.
import { Transform } from 'node:stream';

/** React's view size (VIEW_SIZE in react-dom/cjs/react-dom-server.node.*.js). */
const VIEW_SIZE = 2048;

/** A pass-through that removes the NUL padding React 18 leaves at the end of a full view. Only chunks of exactly
 * one view are touched, and only their trailing zero bytes (HTML from our pages never holds a NUL: plan files
 * and form input with one are refused). */
export function dropReactNulPadding(): Transform {
  // React writes a page as many 2 kB views in one synchronous burst; each would travel alone through the web
  // stream and the socket (~70 for the items page). They are gathered and sent as one chunk once the burst ends.
  let held: Buffer[] = [];
  let scheduled = false;
  const release = (stream: Transform) => {
    scheduled = false;
    if (!held.length) return;
    const out = held.length === 1 ? held[0] : Buffer.concat(held);
    held = [];
    stream.push(out);
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let end = chunk.length;
      if (chunk.length === VIEW_SIZE) while (end > chunk.length - 3 && chunk[end - 1] === 0) end--;
      held.push(end === chunk.length ? chunk : chunk.subarray(0, end));
      if (!scheduled) {
        scheduled = true;
        setImmediate(() => release(this));
      }
      done();
    },
    flush(done) {
      release(this);
      done();
    },
  });
}
