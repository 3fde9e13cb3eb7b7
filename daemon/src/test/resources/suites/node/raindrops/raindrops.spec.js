import { describe, expect, test, xtest } from '@jest/globals';
import { convert } from './raindrops';

describe('Raindrops', () => {
  test('the sound for 1 is 1', () => expect(convert(1)).toEqual('1'));
  xtest('the sound for 3 is Pling', () => expect(convert(3)).toEqual('Pling'));
  xtest('the sound for 5 is Plang', () => expect(convert(5)).toEqual('Plang'));
  xtest('the sound for 7 is Plong', () => expect(convert(7)).toEqual('Plong'));
  xtest('2 to the power 3 does not make a raindrop sound', () => expect(convert(8)).toEqual('8'));
  xtest('the sound for 15 is PlingPlang', () => expect(convert(15)).toEqual('PlingPlang'));
  xtest('the sound for 105 is PlingPlangPlong', () => expect(convert(105)).toEqual('PlingPlangPlong'));
  xtest('the sound for 3125 is Plang', () => expect(convert(3125)).toEqual('Plang'));
});
