/** The accounts `npm start` seeds, printed in its banner and used by the tour. */
export const ADMIN = { email: 'admin@shop.local', password: 'admin-demo-password' };

export const CUSTOMER = {
  email: 'demo@shop.local',
  password: 'demo-customer-password',
  displayName: 'Demo Customer',
};
