// Written for Kerat's tests: C# 8-12 syntax that mcs rejects and Kerat's rewrites turn into C# 7
// (null-forgiving "!", nullable annotations on classes, collection expressions, deconstruction in foreach,
// target-typed new of a generic type with a tuple argument).
public class Seat
{
    public string Label { get; }
    public Seat? Next;

    public Seat(string label, Seat? next = null)
    {
        Label = label;
        Next = next;
    }
}

public static class SeatRows
{
    private static readonly string[] Letters = ["A", "B", "C"];
    private static readonly int[][] Blocked =
    [
        [1, 2],
        [],
        [3]
    ];

    public static Seat? Chain(string[] labels)
    {
        Seat? head = null;
        for (var i = labels.Length - 1; i >= 0; i--)
        {
            head = new Seat(labels[i], head);
        }
        return head;
    }

    public static string Second(string[] labels) => Chain(labels)!.Next!.Label;

    public static List<string> Labels(int row, int[] skip)
    {
        List<string> result = [];
        for (var i = 0; i < Letters.Length; i++)
        {
            if (Array.IndexOf(skip, i) < 0 && Array.IndexOf(Blocked[row], i + 1) < 0)
            {
                result.Add(row + Letters[i]);
            }
        }
        return result;
    }

    public static int[] Free(int row, int[]? taken = null) => Enumerable.Range(1, 3).Except(taken ?? []).Except(Blocked[row]).ToArray();

    public static Dictionary<string, string[]> Plan()
    {
        var plan = new Dictionary<string, string[]>
        {
            { "front", ["1A", "1B"] },
            { "back", [] }
        };
        var more = new Dictionary<string, string[]> { ["middle"] = ["2C"] };
        return plan.Concat(more).ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    public static string Shout(string s) => s + "!";

    public static string Summary(Dictionary<string, string[]> plan)
    {
        Queue<(string Row, int Count)> queue = new();
        foreach (var (row, seats) in plan.OrderBy(kv => kv.Key))
        {
            queue.Enqueue((row, seats.Length));
        }
        var parts = new List<string>();
        foreach (var (row, count) in queue) { parts.Add(row + "=" + count); }
        return string.Join(",", parts);
    }
}
