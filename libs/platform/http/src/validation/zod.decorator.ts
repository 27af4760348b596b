import { Body, Param, Query } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery } from '@nestjs/swagger';
import type { z } from 'zod';
import { queryParameterSchemas, requestJsonSchema } from './zod-json-schema.js';
import { ZodValidationPipe } from './zod-validation.pipe.js';

/**
 * The request body, validated with `schema` and parsed: unknown fields of a `z.strictObject`
 * and wrong types fail with 400 `REQUEST.VALIDATION`. The OpenAPI document shows the schema.
 *
 * @example
 * create(@ZodBody(CreateOrderRequest) body: z.infer<typeof CreateOrderRequest>) {}
 */
export function ZodBody(schema: z.ZodType): ParameterDecorator {
  const describe = ApiBody({ required: true, schema: requestJsonSchema(schema) });
  return (target, key, index) => {
    Body(new ZodValidationPipe(schema))(target, key, index);
    describe(target, routeKey(target, key), routeDescriptor(target, key));
  };
}

/**
 * The query string as an object, validated with `schema` (an object schema; use `z.coerce` for
 * numbers and booleans, as query values arrive as strings). Each property is documented as one
 * query parameter.
 */
export function ZodQuery(schema: z.ZodType): ParameterDecorator {
  const describe = queryParameterSchemas(schema).map((parameter) => ApiQuery(parameter));
  return (target, key, index) => {
    Query(new ZodValidationPipe(schema))(target, key, index);
    for (const decorator of describe) {
      decorator(target, routeKey(target, key), routeDescriptor(target, key));
    }
  };
}

/** The path parameter `name`, validated with `schema` and parsed. */
export function ZodParam(name: string, schema: z.ZodType): ParameterDecorator {
  const describe = ApiParam({ name, required: true, schema: requestJsonSchema(schema) });
  return (target, key, index) => {
    Param(name, new ZodValidationPipe(schema, [name]))(target, key, index);
    describe(target, routeKey(target, key), routeDescriptor(target, key));
  };
}

function routeKey(target: object, key: string | symbol | undefined): string | symbol {
  if (key === undefined) {
    throw new TypeError(`${target.constructor.name}: zod decorators apply to route handlers only`);
  }
  return key;
}

/**
 * The handler's property descriptor, for the OpenAPI method decorators. Legacy parameter
 * decorators run once the method is defined on the prototype, so it is always there.
 */
function routeDescriptor(target: object, key: string | symbol | undefined): PropertyDescriptor {
  const descriptor = Object.getOwnPropertyDescriptor(target, routeKey(target, key));
  if (!descriptor)
    throw new TypeError(`${String(key)} is not a method of ${target.constructor.name}`);
  return descriptor;
}
