export { envelopeSchema, uuidV7, type EventEnvelope } from './envelope.js';
export { defineEvent, type EventDefinition, type EventOf } from './define-event.js';
export { consumerGroups, deadLetterTopic, platformTopics, topics, type Topic } from './topics.js';
export { currencySchema, moneySchema, type Money } from './money.schema.js';
export {
  MAX_LINE_QUANTITY,
  MAX_LINES,
  emailSchema,
  lineListSchema,
  quantitySchema,
  resourceIdSchema,
  roleSchema,
  skuSchema,
  slugSchema,
  timestampSchema,
  uuidSchema,
  type Role,
} from './primitives.schema.js';

export { userRegistered, type UserRegistered } from './events/auth/user-registered.event.js';
export {
  productStateSchema,
  productStatusSchema,
  productVersionSchema,
  type ProductStatus,
} from './events/catalog/product-state.schema.js';
export { productCreated, type ProductCreated } from './events/catalog/product-created.event.js';
export { productUpdated, type ProductUpdated } from './events/catalog/product-updated.event.js';
export { productArchived, type ProductArchived } from './events/catalog/product-archived.event.js';
export {
  shortLineSchema,
  shortLinesSchema,
  stockLineSchema,
  stockLinesSchema,
  type ShortLine,
  type StockLine,
} from './events/inventory/stock-line.schema.js';
export { stockReserved, type StockReserved } from './events/inventory/stock-reserved.event.js';
export {
  stockReservationFailed,
  type StockReservationFailed,
} from './events/inventory/stock-reservation-failed.event.js';
export { stockReleased, type StockReleased } from './events/inventory/stock-released.event.js';
export { stockCommitted, type StockCommitted } from './events/inventory/stock-committed.event.js';
export { stockAdjusted, type StockAdjusted } from './events/inventory/stock-adjusted.event.js';
export { orderPlaced, type OrderPlaced } from './events/order/order-placed.event.js';
export { orderConfirmed, type OrderConfirmed } from './events/order/order-confirmed.event.js';
export { orderRejected, type OrderRejected } from './events/order/order-rejected.event.js';
export {
  cancellationReasonSchema,
  orderCancelled,
  type CancellationReason,
  type OrderCancelled,
} from './events/order/order-cancelled.event.js';
export {
  eventCatalog,
  eventsOfTopic,
  findEvent,
  type AnyEvent,
  type EventType,
} from './events/event-catalog.js';

export {
  fieldErrorSchema,
  problemCodeSchema,
  problemContentType,
  problemSchema,
  type FieldError,
  type Problem,
} from './api/problem.schema.js';
export {
  DEFAULT_PAGE_SIZE,
  MAX_PAGE_SIZE,
  cursorSchema,
  limitSchema,
  pageSchema,
  queryIntSchema,
  type Page,
} from './api/pagination.schema.js';
export {
  loginRequestSchema,
  logoutRequestSchema,
  meResponseSchema,
  passwordSchema,
  refreshRequestSchema,
  registerRequestSchema,
  tokenResponseSchema,
  type LoginRequest,
  type LogoutRequest,
  type MeResponse,
  type RefreshRequest,
  type RegisterRequest,
  type TokenResponse,
} from './api/auth.schema.js';
export {
  categoryResponseSchema,
  productListQuerySchema,
  productPageSchema,
  productResponseSchema,
  productSortSchema,
  type CategoryResponse,
  type ProductListQuery,
  type ProductPage,
  type ProductResponse,
  type ProductSort,
} from './api/products.schema.js';
export {
  addCartItemRequestSchema,
  cartLineSchema,
  cartResponseSchema,
  updateCartItemRequestSchema,
  type AddCartItemRequest,
  type CartLine,
  type CartResponse,
  type UpdateCartItemRequest,
} from './api/cart.schema.js';
export {
  adminOrderSearchQuerySchema,
  orderLineResponseSchema,
  orderListQuerySchema,
  orderPageSchema,
  orderResponseSchema,
  orderStatusSchema,
  type AdminOrderSearchQuery,
  type OrderLineResponse,
  type OrderListQuery,
  type OrderPage,
  type OrderResponse,
  type OrderStatus,
} from './api/orders.schema.js';

export { buildAsyncApi, renderAsyncApi, type AsyncApiDocument } from './asyncapi.js';
