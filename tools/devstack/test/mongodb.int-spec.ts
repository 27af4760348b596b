import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devstackEnv, uniqueName } from '@shop/testing';

interface Product {
  sku: string;
  name: string;
  category: string;
  price: number;
}

const productSchema = new mongoose.Schema<Product>({
  sku: { type: String, required: true, unique: true },
  name: { type: String, required: true },
  category: { type: String, required: true, index: true },
  price: { type: Number, required: true, min: 0 },
});

describe('MongoDB protocol (FerretDB) through mongoose', () => {
  let connection: Connection;
  let products: mongoose.Model<Product>;

  beforeAll(async () => {
    connection = await mongoose
      .createConnection(devstackEnv().MONGODB_URL, {
        dbName: uniqueName('mongo_roundtrip'),
        autoIndex: false,
      })
      .asPromise();
    products = connection.model<Product>('Product', productSchema);
    await products.createCollection();
    await products.syncIndexes();
  });

  afterAll(async () => {
    await connection?.dropDatabase();
    await connection?.close();
  });

  it('refuses a duplicate under a unique index', async () => {
    await products.create({ sku: 'MUG-1', name: 'Mug', category: 'kitchen', price: 1200 });
    const duplicate = products.create({
      sku: 'MUG-1',
      name: 'Other mug',
      category: 'kitchen',
      price: 900,
    });
    await expect(duplicate).rejects.toMatchObject({ code: 11000 });
    expect(await products.countDocuments({ sku: 'MUG-1' })).toBe(1);
  });

  it('filters, sorts and limits', async () => {
    await products.insertMany([
      { sku: 'PAN-1', name: 'Pan', category: 'kitchen', price: 3500 },
      { sku: 'POT-1', name: 'Pot', category: 'kitchen', price: 4200 },
      { sku: 'CUP-1', name: 'Cup', category: 'kitchen', price: 500 },
      { sku: 'HAT-1', name: 'Hat', category: 'clothing', price: 2500 },
    ]);
    const found = await products
      .find({ category: 'kitchen', price: { $gte: 1000 } })
      .sort({ price: -1 })
      .limit(2)
      .lean();
    expect(found.map((product) => product.sku)).toEqual(['POT-1', 'PAN-1']);
  });
});
