import { slugify } from '../products/product-document.js';
import { pick, seededRandom } from './prng.js';

/** A category of the demo tree, by slug; `parent` is the parent's slug. */
export interface SeedCategory {
  slug: string;
  name: string;
  parent?: string;
  /** For leaves: what products there are called, and the SKU prefix. */
  nouns?: readonly string[];
  code?: string;
}

/** A product of the demo catalog, before ids exist. */
export interface SeedProduct {
  sku: string;
  name: string;
  slug: string;
  description: string;
  category: string;
  price: number;
  attributes: Record<string, string>;
  images: string[];
  /** Spread over the year before the seed's fixed date, so "newest" has an order to show. */
  createdAt: Date;
}

type LeafCategory = SeedCategory & Required<Pick<SeedCategory, 'nouns' | 'code'>>;

const leaf = (
  slug: string,
  name: string,
  parent: string | undefined,
  code: string,
  nouns: string[],
): LeafCategory => ({ slug, name, parent, code, nouns });

/** 32 categories, three levels deep at most. */
export const seedCategories: readonly SeedCategory[] = [
  { slug: 'home', name: 'Home & Kitchen' },
  { slug: 'kitchen', name: 'Kitchen', parent: 'home' },
  leaf('cookware', 'Cookware', 'kitchen', 'CKW', ['Pan', 'Pot', 'Skillet', 'Wok', 'Casserole']),
  leaf('mugs-and-cups', 'Mugs & Cups', 'kitchen', 'MUG', ['Mug', 'Cup', 'Tumbler', 'Espresso Cup']),
  leaf('cutlery', 'Cutlery', 'kitchen', 'CUT', ['Knife', 'Fork Set', 'Spoon Set', 'Chef Knife']),
  { slug: 'furniture', name: 'Furniture', parent: 'home' },
  leaf('chairs', 'Chairs', 'furniture', 'CHR', ['Chair', 'Stool', 'Armchair', 'Bench']),
  leaf('tables', 'Tables', 'furniture', 'TBL', ['Table', 'Desk', 'Side Table', 'Coffee Table']),
  leaf('decor', 'Decor', 'home', 'DEC', ['Vase', 'Candle', 'Frame', 'Cushion', 'Rug']),
  { slug: 'clothing', name: 'Clothing' },
  { slug: 'men', name: 'Men', parent: 'clothing' },
  leaf('men-shirts', 'Shirts', 'men', 'MSH', ['Shirt', 'Polo', 'Oxford Shirt', 'Flannel Shirt']),
  leaf('men-trousers', 'Trousers', 'men', 'MTR', ['Chinos', 'Jeans', 'Trousers', 'Shorts']),
  { slug: 'women', name: 'Women', parent: 'clothing' },
  leaf('women-dresses', 'Dresses', 'women', 'WDR', ['Dress', 'Maxi Dress', 'Wrap Dress']),
  leaf('women-tops', 'Tops', 'women', 'WTP', ['Blouse', 'Top', 'Tee', 'Cardigan']),
  { slug: 'shoes', name: 'Shoes', parent: 'clothing' },
  leaf('sneakers', 'Sneakers', 'shoes', 'SNK', ['Sneaker', 'Runner', 'Trainer']),
  leaf('boots', 'Boots', 'shoes', 'BOT', ['Boot', 'Chelsea Boot', 'Hiking Boot']),
  { slug: 'electronics', name: 'Electronics' },
  { slug: 'audio', name: 'Audio', parent: 'electronics' },
  leaf('headphones', 'Headphones', 'audio', 'HPH', ['Headphones', 'Earbuds', 'Headset']),
  leaf('speakers', 'Speakers', 'audio', 'SPK', ['Speaker', 'Soundbar', 'Radio']),
  { slug: 'computers', name: 'Computers', parent: 'electronics' },
  leaf('laptops', 'Laptops', 'computers', 'LPT', ['Laptop', 'Notebook', 'Ultrabook']),
  leaf('accessories', 'Accessories', 'computers', 'ACC', [
    'Keyboard',
    'Mouse',
    'Monitor Stand',
    'USB Hub',
  ]),
  leaf('phones', 'Phones', 'electronics', 'PHN', ['Phone', 'Phone Case', 'Charger']),
  { slug: 'sports', name: 'Sports & Outdoors' },
  leaf('camping', 'Camping', 'sports', 'CMP', ['Tent', 'Sleeping Bag', 'Lantern', 'Camp Stove']),
  leaf('cycling', 'Cycling', 'sports', 'CYC', ['Helmet', 'Bike Light', 'Jersey', 'Saddle']),
  leaf('fitness', 'Fitness', 'sports', 'FIT', ['Yoga Mat', 'Dumbbell', 'Kettlebell', 'Jump Rope']),
  leaf('books', 'Books', undefined, 'BOK', ['Novel', 'Cookbook', 'Guide', 'Atlas']),
];

const adjectives = [
  'Classic',
  'Modern',
  'Rustic',
  'Compact',
  'Deluxe',
  'Everyday',
  'Nordic',
  'Urban',
  'Vintage',
  'Premium',
  'Café',
  'Crème',
  'Bold',
  'Soft',
  'Smart',
];
const colours = ['Black', 'White', 'Blue', 'Red', 'Green', 'Grey', 'Olive', 'Sand', 'Navy', 'Rose'];
const materials = [
  'Cotton',
  'Steel',
  'Oak',
  'Ceramic',
  'Leather',
  'Bamboo',
  'Wool',
  'Aluminium',
  'Glass',
  'Linen',
];
const sizes = ['S', 'M', 'L', 'XL'];

/** The SEED of the demo catalog: change it and every SKU's name and price changes. */
const SEED = 20_261_122;
const NEWEST = Date.UTC(2026, 10, 1);

/** `count` deterministic products spread over the leaf categories, SKUs `<CODE>-<0001…>`. */
export function seedProducts(count: number): SeedProduct[] {
  const random = seededRandom(SEED);
  const leaves = seedCategories.filter(
    (category): category is LeafCategory =>
      category.nouns !== undefined && category.code !== undefined,
  );
  const perCode = new Map<string, number>();
  return Array.from({ length: count }, (_, i) => {
    const category = leaves[i % leaves.length];
    const { code } = category;
    const serial = (perCode.get(code) ?? 0) + 1;
    perCode.set(code, serial);
    const sku = `${code}-${String(serial).padStart(4, '0')}`;
    const colour = pick(random, colours);
    const material = pick(random, materials);
    const name = `${pick(random, adjectives)} ${material} ${pick(random, category.nouns)}`;
    return {
      sku,
      name,
      slug: `${slugify(name)}-${sku.toLowerCase()}`,
      description: `A ${colour.toLowerCase()} ${name.toLowerCase()} made of ${material.toLowerCase()}, from our ${category.name.toLowerCase()} range.`,
      category: category.slug,
      // 4.99 to 499.99 in the store currency, always ending in .99 or .49.
      price: (Math.floor(random() * 500) + 4) * 100 + pick(random, [49, 99]),
      attributes: { colour, material, size: pick(random, sizes) },
      images: [`https://images.shop.example/products/${sku.toLowerCase()}.jpg`],
      createdAt: new Date(NEWEST - (count - i) * 3_600_000),
    };
  });
}
