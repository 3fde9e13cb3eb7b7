using System.Text;
using System.Text.RegularExpressions;

public static class RunLength
{
    public static string Encode(string input)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < input.Length;)
        {
            int j = i;
            while (j < input.Length && input[j] == input[i]) j++;
            int run = j - i;
            if (run > 1) sb.Append(run);
            sb.Append(input[i]);
            i = j;
        }
        return sb.ToString();
    }

    public static string Decode(string input) =>
        Regex.Replace(input, @"(\d+)(\D)", m => new string(m.Groups[2].Value[0], int.Parse(m.Groups[1].Value)));
}
