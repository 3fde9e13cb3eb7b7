public class Item
{
    public string Name { get; set; } = "";
    public int Quantity { get; set; }
}

public class Inventory
{
    private readonly Dictionary<string, int> stock = new Dictionary<string, int>();

    public void Add(string name, int quantity)
    {
        stock.TryGetValue(name, out var current);
        stock[name] = current + quantity;
    }

    public bool Remove(string name, int quantity)
    {
        if (!stock.TryGetValue(name, out var current) || current < quantity) return false;
        if (current == quantity) stock.Remove(name); else stock[name] = current - quantity;
        return true;
    }

    public IDictionary<string, int> Snapshot() => new Dictionary<string, int>(stock);

    public IEnumerable<Item> Items() => stock.OrderBy(p => p.Key).Select(p => new Item { Name = p.Key, Quantity = p.Value });

    public async Task<int> CountAsync(CancellationToken token)
    {
        await Task.Delay(1, token);
        return stock.Values.Sum();
    }
}
