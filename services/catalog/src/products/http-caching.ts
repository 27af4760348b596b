import { createHash } from 'node:crypto';
import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InvalidIfMatchError } from './products.errors.js';

/** A product's entity tag is its version: what `If-Match` sends back to update it. */
export function versionEtag(version: number): string {
  return `"${version}"`;
}

/** An entity tag from the content itself, for lists (whose "version" is their content). */
export function contentEtag(body: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(body)).digest('base64url').slice(0, 27)}"`;
}

/** RFC 9110 §13.1.2: weak comparison, `*` matches anything. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/**
 * The versions an `If-Match` accepts (strong tags only: `"3"`, or a list of them). Refuses a
 * request without one with 428 (RFC 6585): an update must say which version it read. `*` says
 * "any version", which is exactly the lost update this header exists to prevent, so it is refused
 * the same way.
 */
export function requiredIfMatch(header: string | undefined): number[] {
  const value = header?.trim();
  if (!value || value === '*') {
    throw new HttpException(
      'If-Match with the version you read ("<version>", the ETag) is required.',
      HttpStatus.PRECONDITION_REQUIRED,
    );
  }
  const versions = value.split(',').map((tag) => /^"(\d{1,15})"$/.exec(tag.trim())?.[1]);
  if (versions.some((version) => version === undefined)) throw new InvalidIfMatchError();
  return versions.map(Number);
}

/** Like {@link requiredIfMatch} for a write that may also go unconditionally (archiving). */
export function optionalIfMatch(header: string | undefined): number[] | undefined {
  return header === undefined ? undefined : requiredIfMatch(header);
}

export interface Cacheable {
  etag: string;
  cacheControl: string;
  body: unknown;
}

/** Answers a GET with validators: 304 without a body when the client's copy is current. */
export function sendCacheable(
  request: FastifyRequest,
  reply: FastifyReply,
  answer: Cacheable,
): void {
  void reply.header('etag', answer.etag).header('cache-control', answer.cacheControl);
  if (ifNoneMatchHits(request.headers['if-none-match'], answer.etag)) {
    void reply.status(304).send();
    return;
  }
  void reply.status(200).send(answer.body);
}
