import {
  Controller,
  Delete,
  Get,
  Inject,
  Patch,
  Post,
  Put,
  Req,
  Res,
  UseFilters,
  type Type,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, Public, Roles, type AuthenticatedUser } from '@shop/platform-http';
import { UpstreamFailureFilter } from '../proxy/upstream-failure.filter.js';
import type { GatewayRoute, HttpMethod } from './gateway-route.js';
import { RouteDispatcher } from './route-dispatcher.service.js';

const METHOD_DECORATORS: Record<HttpMethod, (path: string) => MethodDecorator> = {
  GET: Get,
  POST: Post,
  PUT: Put,
  PATCH: Patch,
  DELETE: Delete,
};

interface ProxyController {
  readonly dispatcher: RouteDispatcher;
}

/**
 * One Nest controller with a handler per route of `routes`, decorated as if written by hand:
 * `@Get(path)`, `@Public()` or `@Roles('admin')`, `@CurrentUser()`. So the platform's guards
 * verify tokens and roles (401 / 403 before anything is forwarded), its filter answers errors,
 * Fastify routes each path (404 / 405 for the rest), and metrics are labelled per route.
 */
export function createProxyController(routes: readonly GatewayRoute[]): Type<ProxyController> {
  @UseFilters(UpstreamFailureFilter)
  @Controller()
  class ProxyHttpController implements ProxyController {
    constructor(@Inject(RouteDispatcher) readonly dispatcher: RouteDispatcher) {}
  }
  for (const route of routes) addHandler(ProxyHttpController.prototype, route);
  return ProxyHttpController;
}

function addHandler(prototype: ProxyController, route: GatewayRoute): void {
  const key = route.id;
  const handler = function (
    this: ProxyController,
    request: FastifyRequest,
    reply: FastifyReply,
    user?: AuthenticatedUser,
  ): Promise<void> {
    return this.dispatcher.dispatch(route, request, reply, user);
  };
  Object.defineProperty(prototype, key, { value: handler, writable: true, configurable: true });
  const descriptor = Object.getOwnPropertyDescriptor(prototype, key) as PropertyDescriptor;
  Req()(prototype, key, 0);
  Res()(prototype, key, 1);
  if (route.access !== 'public') CurrentUser()(prototype, key, 2);
  const decorators = [METHOD_DECORATORS[route.method](route.path)];
  if (route.access === 'public') decorators.push(Public());
  if (route.access === 'admin') decorators.push(Roles('admin'));
  for (const decorate of decorators) decorate(prototype, key, descriptor);
}
