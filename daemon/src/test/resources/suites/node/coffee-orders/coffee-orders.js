// @ts-check

/**
 * Price of one drink, in euros.
 *
 * @param {string} size 'small', 'medium' or 'large'
 * @param {string[]} extras
 * @returns {number}
 */
export function drinkPrice(size, extras = []) {
  const base = { small: 2.2, medium: 2.7, large: 3.1 }[size];
  if (base === undefined) {
    throw new Error(`unknown size: ${size}`);
  }
  return Math.round((base + extras.length * 0.35) * 100) / 100;
}

/**
 * @param {{ size: string, extras?: string[] }[]} orders
 * @returns {number}
 */
export function total(orders) {
  return Math.round(orders.reduce((sum, o) => sum + drinkPrice(o.size, o.extras), 0) * 100) / 100;
}

export function receipt(orders) {
  return orders.map((o, i) => ({ line: i + 1, size: o.size, price: drinkPrice(o.size, o.extras) }));
}
