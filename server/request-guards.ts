// Bad input stops at the door: an address holding a control character, and bodies larger than any form of
// ours. Both answer with a plain sentence (never a query or a stack) before Remix or the database sees them.
import type { NextFunction, Request, Response } from 'express';
import { controlCharacterMessage, hasControlCharacter } from '../sync/control-characters';

/** Forms post a key, a status and a version: a few hundred bytes. 256 kB leaves room for any future form. */
export const MAX_BODY_BYTES = 256 * 1024;

/** 400 for an address (path or query) that is not valid percent-encoding or decodes to a control character. */
export function refuseControlCharacters(req: Request, res: Response, next: NextFunction): void {
  let decoded: string;
  try {
    // `+` is a space in queries; decoding it as such changes nothing here.
    decoded = decodeURIComponent(req.originalUrl.replace(/\+/g, ' '));
  } catch {
    res.status(400).type('text/plain').send('The address is not valid percent-encoding; check the link.');
    return;
  }
  if (hasControlCharacter(decoded) || hasControlCharacter(req.originalUrl)) {
    res.status(400).type('text/plain').send(controlCharacterMessage('The address'));
    return;
  }
  next();
}

/** 413 for a body over MAX_BODY_BYTES, 411 for one whose length is not declared (browsers always declare it):
 * the limit holds before a byte is read, and Node stops reading at the declared length. */
export function capRequestBody(req: Request, res: Response, next: NextFunction): void {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  const declared = req.get('content-length');
  const chunked = req.get('transfer-encoding') !== undefined;
  if (declared === undefined && chunked) {
    refuse(res, 411, 'Send the request with a Content-Length header.');
    return;
  }
  if (declared !== undefined && Number(declared) > MAX_BODY_BYTES) {
    refuse(res, 413, `The request is larger than ${MAX_BODY_BYTES / 1024} kB, the most any form here sends.`);
    return;
  }
  next();
}

function refuse(res: Response, status: number, message: string): void {
  // The unread body would otherwise keep the socket busy: close it once answered.
  res.set('Connection', 'close').status(status).type('text/plain').send(message);
}
