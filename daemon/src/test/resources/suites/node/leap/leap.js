//
// A year is a leap year when divisible by 4, except centuries, unless divisible by 400.
//
export const isLeap = (year) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
