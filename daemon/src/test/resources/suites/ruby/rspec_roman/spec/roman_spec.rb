require 'roman'

describe Roman do
  {
    1 => 'I', 3 => 'III', 4 => 'IV', 9 => 'IX', 27 => 'XXVII', 48 => 'XLVIII',
    59 => 'LIX', 93 => 'XCIII', 141 => 'CXLI', 402 => 'CDII', 1024 => 'MXXIV', 3999 => 'MMMCMXCIX'
  }.each do |number, numeral|
    it "converts #{number} to #{numeral}" do
      expect(number.to_roman).to eq numeral
    end
  end

  it 'refuses zero' do
    expect { Roman.to_roman(0) }.to raise_error(RangeError)
  end

  it 'refuses 4000' do
    expect { 4000.to_roman }.to raise_error(RangeError, '4000 is out of range')
  end

  it 'is pending until subtractive notation is optional', skip: 'not part of this exercise' do
    expect(Roman.to_roman(4, subtractive: false)).to eq 'IIII'
  end
end
