import { drinkPrice, receipt, total } from './coffee-orders';

describe('drinkPrice', () => {
  test('a small plain coffee', () => {
    expect(drinkPrice('small')).toBe(2.2);
  });

  test.each([
    ['small', [], 2.2],
    ['medium', ['oat milk'], 3.05],
    ['large', ['oat milk', 'syrup'], 3.8],
  ])('%s with %j costs %d', (size, extras, expected) => {
    expect(drinkPrice(size, extras)).toBeCloseTo(expected, 2);
  });

  test('an unknown size throws', () => {
    expect(() => drinkPrice('huge')).toThrow(/unknown size/);
  });
});

describe('total', () => {
  test('no orders cost nothing', () => {
    expect(total([])).toBe(0);
  });

  test('adds every drink', () => {
    expect(total([{ size: 'small' }, { size: 'large', extras: ['syrup'] }])).toBeCloseTo(5.65);
  });
});

describe('receipt', () => {
  test('one numbered line per drink', () => {
    expect(receipt([{ size: 'medium' }, { size: 'small', extras: ['cream'] }])).toStrictEqual([
      { line: 1, size: 'medium', price: 2.7 },
      { line: 2, size: 'small', price: 2.55 },
    ]);
  });

  test('has as many lines as orders', () => {
    expect(receipt([{ size: 'small' }, { size: 'small' }, { size: 'small' }])).toHaveLength(3);
  });
});
