import type { SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';

/**
 * The JSON Schema (draft 2020-12, which OpenAPI 3.1 uses) of what a client must send for `schema`.
 * `io: 'input'` describes the accepted input, before defaults and transforms; parts that JSON
 * Schema cannot express (transforms, dates) become `{}` rather than failing the document.
 */
export function requestJsonSchema(schema: z.ZodType): SchemaObject {
  const jsonSchema: Record<string, unknown> = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  });
  // The dialect is the document's (OpenAPI 3.1), not restated per schema.
  delete jsonSchema['$schema'];
  return jsonSchema;
}

/** One query parameter of an object schema: its name, JSON Schema, and whether it is required. */
export interface QueryParameterSchema {
  name: string;
  required: boolean;
  schema: SchemaObject;
}

/** The query parameters an object schema describes, one per property. */
export function queryParameterSchemas(schema: z.ZodType): QueryParameterSchema[] {
  const jsonSchema = requestJsonSchema(schema);
  const required = new Set(jsonSchema.required ?? []);
  return Object.entries(jsonSchema.properties ?? {}).map(([name, property]) => ({
    name,
    required: required.has(name),
    schema: property as SchemaObject,
  }));
}
