public class SeatRowsTests
{
    [Fact]
    public void Collection_expressions_in_declarations()
    {
        int[] expected = [1, 2, 3];
        Assert.Equal(expected, SeatRows.Free(1));
        int[][] rows = [[3], [1, 2], []];
        Assert.Equal(3, rows.Length);
        Assert.Empty(rows[2]);
        List<string> labels = ["0C"];
        Assert.Equal(labels, SeatRows.Labels(0, []));
    }

    [Fact]
    public void Collection_expressions_as_arguments()
    {
        Assert.Equal(new[] { 2 }, SeatRows.Free(1, [1, 3]));
        Assert.Equal(new List<string> { "1A" }, SeatRows.Labels(1, [1, 2]));
        Assert.Equal(new[] { "2B" }, SeatRows.Labels(2, [0]).ToArray());
    }

    [Fact(Skip = "Remove this Skip property to run this test")]
    public void Skipped_like_the_curriculum()
    {
        Assert.Equal([1], SeatRows.Free(0));
    }

    [Fact]
    public void Collection_expressions_in_initializers()
    {
        var plan = SeatRows.Plan();
        Assert.Equal(new[] { "1A", "1B" }, plan["front"]);
        Assert.Empty(plan["back"]);
        Assert.Equal(new[] { "2C" }, plan["middle"]);
    }

    [Fact]
    public void Null_forgiving_and_nullable_classes()
    {
        Seat? none = SeatRows.Chain([]);
        Assert.Null(none);
        Assert.Equal("B", SeatRows.Second(["A", "B", "C"]));
        Assert.Equal("C", SeatRows.Chain(["A", "B", "C"])!.Next!.Next!.Label);
    }

    [Fact]
    public void Deconstruction_in_foreach()
    {
        Assert.Equal("back=0,front=2,middle=1", SeatRows.Summary(SeatRows.Plan()));
    }

    [Fact]
    public void String_literals_stay_as_written()
    {
        Assert.Equal("go!", SeatRows.Shout("go"));
        Assert.Equal(11, "x!.y [1, 2]".Length);
        Assert.Equal("Seat? s = [];", $"Seat? s = {"[]"};");
        Assert.Equal("a!)b", @"a!)b");
        Assert.Equal('!', "!"[0]);
    }
}
