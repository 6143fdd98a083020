/**
 * The media type of a request body, read once and compared whole. A substring or prefix test
 * takes `application/jsonx` for JSON and misses `APPLICATION/JSON`; the header is parsed instead.
 */
import { parse } from 'content-type';
import type { Context } from 'hono';

/**
 * `type/subtype` as RFC 9110 §8.3.1 writes it: two tokens. content-type 2.x parses leniently
 * (3.x, which checks this itself, needs Node 22), so a malformed value is told apart here.
 */
const TYPE_SUBTYPE = /^[!#$%&'*+.^_`|~0-9a-z-]+\/[!#$%&'*+.^_`|~0-9a-z-]+$/;

/**
 * The request's media type, lower-cased, without parameters (`charset`, `boundary`… are not
 * judged: real clients send unquoted boundaries with `=` in them). Empty when the header is
 * missing or malformed, which matches no type a route accepts, so the route answers 415.
 */
export function mediaType(c: Context): string {
  const { type } = parse(c.req.header('content-type') ?? '', { parameters: false });
  return TYPE_SUBTYPE.test(type) ? type : '';
}
