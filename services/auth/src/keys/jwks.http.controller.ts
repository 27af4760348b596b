import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Public } from '@shop/platform-http';
import { KeyRing, type JsonWebKeySet } from './key-ring.service.js';

/** The public keys every service verifies access tokens with. */
@Public()
@Controller('.well-known')
export class JwksHttpController {
  constructor(private readonly keys: KeyRing) {}

  @Get('jwks.json')
  // Verifiers cache the set themselves and refetch on an unknown kid; five minutes of HTTP
  // caching keeps a rotation visible quickly while sparing this service a fetch per request.
  @Header('cache-control', 'public, max-age=300')
  @ApiOperation({ summary: 'The JSON Web Key Set of the access-token signing keys.' })
  jwks(): JsonWebKeySet {
    return this.keys.jwks();
  }
}
