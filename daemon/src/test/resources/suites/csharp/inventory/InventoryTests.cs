using Xunit;

public class InventoryTests
{
    private readonly ITestOutputHelper output;
    private readonly Inventory inventory = new Inventory();

    public InventoryTests(ITestOutputHelper output)
    {
        this.output = output;
        inventory.Add("apple", 3);
        inventory.Add("pear", 2);
    }

    [Fact]
    public void Adding_accumulates()
    {
        inventory.Add("apple", 4);
        Assert.Equal(new Dictionary<string, int> { ["apple"] = 7, ["pear"] = 2 }, inventory.Snapshot());
    }

    [Fact]
    public void Removing_too_many_fails()
    {
        Assert.False(inventory.Remove("pear", 5), "removed more pears than there are");
        Assert.True(inventory.Remove("pear", 2));
        Assert.DoesNotContain("pear", inventory.Snapshot().Keys);
    }

    [Fact]
    public void Items_are_sorted_by_name()
    {
        output.WriteLine("items: " + string.Join(", ", inventory.Items().Select(i => i.Name)));
        Assert.Equivalent(new[] { new { Name = "apple", Quantity = 3 }, new { Name = "pear", Quantity = 2 } }, inventory.Items());
    }

    [Fact]
    public async Task Counts_asynchronously()
    {
        var count = await inventory.CountAsync(TestContext.Current.CancellationToken);
        Assert.Equal(5, count);
    }

    [Fact]
    public void Unknown_item_is_not_removed()
    {
        Assert.False(inventory.Remove("plum", 1));
        Assert.NotEmpty(inventory.Snapshot());
        Assert.IsType<Dictionary<string, int>>(inventory.Snapshot());
    }

    [Fact]
    public void Same_snapshot_is_not_shared()
    {
        var a = inventory.Snapshot();
        Assert.NotSame(a, inventory.Snapshot());
        Assert.Null(inventory.Items().FirstOrDefault(i => i.Name == "plum"));
    }
}
