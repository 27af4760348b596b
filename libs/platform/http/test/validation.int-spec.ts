import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Public } from '../src/auth/auth.decorator.js';
import { ZodBody, ZodParam, ZodQuery } from '../src/validation/zod.decorator.js';
import { problemOf, request, startService } from './test-kit.js';

const CreateOrder = z.strictObject({
  customerEmail: z.email(),
  items: z
    .array(z.strictObject({ sku: z.string().min(1), quantity: z.number().int().positive() }))
    .min(1),
  note: z.string().max(200).optional(),
});

const ListOrders = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  status: z.enum(['open', 'paid']).optional(),
});

const NativeSchema = z.strictObject({ name: z.string() });

@Public()
@Controller('orders')
class OrdersController {
  @Post()
  create(@ZodBody(CreateOrder) body: z.infer<typeof CreateOrder>): unknown {
    return { created: body };
  }

  @Get()
  list(@ZodQuery(ListOrders) query: z.infer<typeof ListOrders>): unknown {
    return { query };
  }

  @Get(':id')
  get(@ZodParam('id', z.uuid()) id: string): unknown {
    return { id };
  }

  @Post('native')
  native(@Body({ schema: NativeSchema }) body: z.infer<typeof NativeSchema>): unknown {
    return { body };
  }
}

@Module({ controllers: [OrdersController] })
class OrdersModule {}

const validOrder = {
  customerEmail: 'ada@example.com',
  items: [{ sku: 'SKU-1', quantity: 2 }],
};

describe('zod validation', () => {
  let url: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ url, close } = await startService(OrdersModule, {
      openApi: { title: 'Orders', version: '1.0.0' },
    }));
  });

  afterAll(async () => {
    await close();
  });

  const post = (path: string, body: unknown) =>
    request(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('passes a valid body through, parsed', async () => {
    const response = await post('/orders', validOrder);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ created: validOrder });
  });

  it('refuses an unknown field with 400 REQUEST.VALIDATION naming its path', async () => {
    const response = await post('/orders', {
      ...validOrder,
      items: [{ sku: 'SKU-1', quantity: 1, discount: 50 }],
      isAdmin: true,
    });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem).toMatchObject({ code: 'REQUEST.VALIDATION', status: 400 });
    expect(problem['errors']).toEqual(
      expect.arrayContaining([
        { path: 'isAdmin', message: 'Unknown field' },
        { path: 'items.0.discount', message: 'Unknown field' },
      ]),
    );
  });

  it('refuses a wrong type with 400 and the path of the field', async () => {
    const response = await post('/orders', {
      ...validOrder,
      items: [{ sku: 'SKU-1', quantity: 'two' }],
    });
    expect(response.status).toBe(400);
    const problem = await problemOf(response);
    expect(problem['code']).toBe('REQUEST.VALIDATION');
    expect(problem['errors']).toEqual([
      { path: 'items.0.quantity', message: expect.stringContaining('number') as unknown },
    ]);
  });

  it('refuses a missing body with 400', async () => {
    const response = await request(`${url}/orders`, { method: 'POST' });
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({ code: 'REQUEST.VALIDATION' });
  });

  it('validates and coerces the query, with defaults', async () => {
    const ok = await request(`${url}/orders?status=paid`);
    expect(await ok.json()).toEqual({ query: { limit: 20, status: 'paid' } });
    const bad = await request(`${url}/orders?limit=1000&colour=red`);
    expect(bad.status).toBe(400);
    const problem = await problemOf(bad);
    expect(problem['errors']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'limit' }),
        { path: 'colour', message: 'Unknown field' },
      ]),
    );
  });

  it('validates a path parameter', async () => {
    const id = '3f1c2a9e-8b7d-4c6e-9f0a-1b2c3d4e5f60';
    expect(await (await request(`${url}/orders/${id}`)).json()).toEqual({ id });
    const bad = await request(`${url}/orders/42`);
    expect(bad.status).toBe(400);
    expect((await problemOf(bad))['errors']).toEqual([expect.objectContaining({ path: 'id' })]);
  });

  it("answers Nest's own @Body({ schema }) with the same problem", async () => {
    const response = await post('/orders/native', { name: 'x', extra: 1 });
    expect(response.status).toBe(400);
    expect(await problemOf(response)).toMatchObject({
      code: 'REQUEST.VALIDATION',
      errors: [{ path: 'extra', message: 'Unknown field' }],
    });
  });

  it('describes the request shapes in the OpenAPI document', async () => {
    const response = await request(`${url}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, Record<string, unknown>>>;
      components: { securitySchemes: Record<string, unknown> };
    };
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes['bearer']).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    const create = document.paths['/orders']?.['post'];
    expect(create?.['requestBody']).toMatchObject({
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            additionalProperties: false,
            required: ['customerEmail', 'items'],
            properties: { customerEmail: { type: 'string', format: 'email' } },
          },
        },
      },
    });
    const list = document.paths['/orders']?.['get'];
    expect(list?.['parameters']).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'limit', in: 'query', required: false }),
        expect.objectContaining({ name: 'status', in: 'query', required: false }),
      ]),
    );
    const get = document.paths['/orders/{id}']?.['get'];
    expect(get?.['parameters']).toEqual([
      expect.objectContaining({ name: 'id', in: 'path', required: true }),
    ]);
    expect(document.paths['/health/ready']).toBeUndefined();
  });
});
