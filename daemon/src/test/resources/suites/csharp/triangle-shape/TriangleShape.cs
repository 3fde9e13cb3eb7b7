public static class TriangleShape
{
    public static string Make(char letter)
    {
        int height = letter - 'A' + 1;
        var rows = Enumerable.Range(0, height)
            .Select(i => new string(' ', height - i - 1) + new string((char)('A' + i), 2 * i + 1) + new string(' ', height - i - 1));
        return string.Join("\n", rows);
    }
}
