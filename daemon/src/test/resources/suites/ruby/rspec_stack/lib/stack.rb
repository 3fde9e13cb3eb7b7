class Stack
  class EmptyError < StandardError; end

  def initialize = @items = []

  def push(item)
    @items.push(item)
    self
  end

  def pop
    raise EmptyError, 'stack is empty' if empty?

    @items.pop
  end

  def peek = @items.last

  def size = @items.size

  def empty? = @items.empty?
end
