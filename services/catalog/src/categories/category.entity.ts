import { Schema, type Connection, type Model, type Types } from 'mongoose';

/** A category as stored: a node of the tree with its whole path materialized. */
export interface CategoryDocument {
  _id: Types.ObjectId;
  name: string;
  slug: string;
  /** Absent for a top-level category. */
  parentId?: Types.ObjectId;
  /**
   * Ids from the root down to the category itself. "This category and everything below it" is
   * then one query on a multikey index (`{ pathIds: id }`), however deep the tree.
   */
  pathIds: Types.ObjectId[];
  /** The same path by slug, so a storefront's `?category=<slug>` needs no id lookup first. */
  pathSlugs: string[];
  /** `home/kitchen/mugs`: sorting by it lists the tree depth-first, parents before children. */
  path: string;
}

const categorySchema = new Schema<CategoryDocument>(
  {
    name: { type: String, required: true },
    slug: { type: String, required: true },
    parentId: { type: Schema.Types.ObjectId },
    pathIds: { type: [Schema.Types.ObjectId], required: true },
    pathSlugs: { type: [String], required: true },
    path: { type: String, required: true },
  },
  { collection: 'categories', versionKey: false, strict: 'throw' },
);
categorySchema.index({ slug: 1 }, { unique: true });
categorySchema.index({ pathIds: 1 });
categorySchema.index({ pathSlugs: 1 });
categorySchema.index({ path: 1 });

/** The category model of `connection`, defined once per connection. */
export function categoryModel(connection: Connection): Model<CategoryDocument> {
  return (
    (connection.models.Category as Model<CategoryDocument> | undefined) ??
    connection.model<CategoryDocument>('Category', categorySchema)
  );
}
