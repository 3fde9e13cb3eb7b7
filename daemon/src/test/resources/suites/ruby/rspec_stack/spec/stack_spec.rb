require_relative '../lib/stack'

RSpec.describe Stack do
  subject(:stack) { described_class.new }

  describe '#push' do
    it 'adds an item on top' do
      stack.push(1).push(2)
      expect(stack.peek).to eq(2)
    end

    it 'returns the stack itself' do
      expect(stack.push(:a)).to be(stack)
    end
  end

  describe '#pop' do
    context 'when the stack has items' do
      before { stack.push(:a).push(:b) }

      it 'removes the top item' do
        expect(stack.pop).to eq(:b)
        expect(stack.size).to eq(1)
      end

      it 'changes the size' do
        expect { stack.pop }.to change(stack, :size).by(-1)
      end
    end

    context 'when the stack is empty' do
      it 'raises EmptyError' do
        expect { stack.pop }.to raise_error(Stack::EmptyError, /empty/)
      end
    end
  end

  describe '#empty?' do
    it { is_expected.to be_empty }

    it 'is false after a push' do
      expect(stack.push(1)).not_to be_empty
    end
  end

  it 'works with a double' do
    item = double('item', name: 'thing')
    stack.push(item)
    expect(stack.peek.name).to eq('thing')
  end
end
