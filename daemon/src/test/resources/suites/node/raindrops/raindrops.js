const SOUNDS = [
  [3, 'Pling'],
  [5, 'Plang'],
  [7, 'Plong'],
];

export const convert = (n) => {
  const drops = SOUNDS.filter(([factor]) => n % factor === 0).map(([, sound]) => sound).join('');
  return drops || String(n);
};
