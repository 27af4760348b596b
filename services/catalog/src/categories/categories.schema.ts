import { z } from 'zod';
import { slugSchema } from '@shop/contracts';

/** `POST /admin/categories`: a new node of the tree, under `parent` (a slug) or at the top. */
export const createCategoryRequestSchema = z.strictObject({
  slug: slugSchema,
  name: z.string().trim().min(1).max(100),
  parent: slugSchema.optional(),
});
export type CreateCategoryRequest = z.infer<typeof createCategoryRequestSchema>;
