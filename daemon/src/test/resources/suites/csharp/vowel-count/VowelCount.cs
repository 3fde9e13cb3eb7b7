public static class VowelCount
{
    private static readonly HashSet<char> Vowels = new HashSet<char>("aeiou");

    public static int Count(string text) => text.ToLowerInvariant().Count(c => Vowels.Contains(c));

    public static IEnumerable<char> Distinct(string text) =>
        text.ToLowerInvariant().Where(Vowels.Contains).Distinct().OrderBy(c => c);
}
