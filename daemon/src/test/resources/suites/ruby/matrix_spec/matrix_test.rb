require 'minitest/autorun'
require_relative 'matrix'

describe Matrix do
  let(:matrix) { Matrix.new("1 2 3\n4 5 6\n7 8 9\n8 7 6") }

  it 'extracts a row' do
    _(matrix.row(2)).must_equal [4, 5, 6]
  end

  it 'extracts a column' do
    _(matrix.column(3)).must_equal [3, 6, 9, 6]
  end

  describe 'with a single number' do
    let(:matrix) { Matrix.new('1') }

    it 'has one row' do
      expect(matrix.rows).must_equal [[1]]
    end

    it 'has one column' do
      value(matrix.column(1)).must_equal [1]
    end
  end

  it 'keeps negative numbers' do
    _(Matrix.new("-1 2\n3 -4").row(2)).must_equal [3, -4]
  end
end
