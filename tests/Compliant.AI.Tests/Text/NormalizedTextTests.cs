using System.Text;
using Compliant.AI.Tests.Pii;
using Compliant.AI.Text;
using FsCheck.Fluent;
using FsCheck;

namespace Compliant.AI.Tests.Text;

public class NormalizedTextTests
{
    [FsCheck.Xunit.Property(MaxTest = 500)]
    public bool Create_AnyTextWithHidingCharacters_MapMonotonicAndWithinBounds(string? text, PositiveInt seed)
    {
        string original = Sprinkle(text ?? string.Empty, new Random(seed.Get));
        var normalized = NormalizedText.Create(original, normalize: true);
        ReadOnlySpan<int> map = normalized.Map;
        if (map.IsEmpty)
        {
            Assert.Equal(original, normalized.Text);
            return true;
        }

        Assert.Equal(normalized.Text.Length + 1, map.Length);
        Assert.Equal(original.Length, map[^1]);
        for (int k = 0; k < normalized.Text.Length; k++)
        {
            Assert.InRange(map[k], 0, original.Length - 1);
            Assert.True(k == 0 || map[k] >= map[k - 1], "the map must not decrease");
        }

        var random = new Random(seed.Get ^ 0x5EED);
        for (int trial = 0; trial < 20 && normalized.Text.Length > 0; trial++)
        {
            int s = random.Next(normalized.Text.Length);
            int e = s + 1 + random.Next(normalized.Text.Length - s);
            (int start, int end) = normalized.ToOriginal(s, e);
            Assert.InRange(start, 0, map[s]);
            Assert.InRange(end, map[e - 1] + 1, original.Length);
        }

        return true;
    }

    [Theory]
    [InlineData("a\u202Eb", "ab")]
    [InlineData("1\u00002", "12")]
    [InlineData("\u0661\u06F2\u0969\U0001D7D2", "1234")]
    [InlineData("\uFF41\uFF20\uFF42\u3002\uFF43", "a@b.c")]
    [InlineData("x\u0301\u034F\uFE0F\U000E0041y", "xy")]
    [InlineData("1\u200A2 a\u200Ab", "12 a b")]
    [InlineData("m\u0430ria@ex\u0430mple.com", "maria@example.com")]
    [InlineData("\u041C\u043E\u0441\u043A\u0432\u0430 \u0430", "\u041C\u043E\u0441\u043A\u0432\u0430 \u0430")] // Cyrillic words stay Cyrillic
    [InlineData("\u0645\u0631\u062D\u0628\u064B\u0627 \u0661", "\u0645\u0631\u062D\u0628\u064B\u0627 1")] // Arabic vowel marks stay
    [InlineData("Jose\u0301", "Jose")]
    [InlineData("\u2460\u2461 \U0001D41A", "12 a")]
    public void Create_HidingCharacters_Folded(string original, string expected) =>
        Assert.Equal(expected, NormalizedText.Create(original, normalize: true).Text);

    [Fact]
    public void ToOriginal_SpanNextToDroppedCharacters_GrowsOverThemButNotIntoPreviousEntity()
    {
        const string original = "a\u2066123\u2069\u200B456\u2069 b";
        var normalized = NormalizedText.Create(original, normalize: true);
        Assert.Equal("a123456 b", normalized.Text);

        Assert.Equal((1, 7), normalized.ToOriginal(1, 4)); // "\u2066123\u2069\u200B": the isolate before, the closers after
        Assert.Equal((7, 11), normalized.ToOriginal(4, 7, minimumStart: 7)); // the gap went to the previous entity
        Assert.Equal((5, 11), normalized.ToOriginal(4, 7));
        Assert.Equal((0, 13), normalized.ToOriginal(0, 9));
    }

    private static string Sprinkle(string text, Random random)
    {
        UnicodeHiding.Pools pools = UnicodeHiding.Pool;
        var sb = new StringBuilder();
        foreach (char c in text)
        {
            sb.Append(c);
            switch (random.Next(12))
            {
                case 0: sb.Append(pools.Format[random.Next(pools.Format.Count)].ToString()); break;
                case 1: sb.Append(pools.NonSpacingMarks[random.Next(pools.NonSpacingMarks.Count)].ToString()); break;
                case 2: sb.Append(pools.Controls[random.Next(pools.Controls.Count)].ToString()); break;
                case 3: sb.Append(new Rune(pools.DigitZeros[random.Next(pools.DigitZeros.Count)].Value + random.Next(10)).ToString()); break;
                case 4: sb.Append("\uFF21\u0430\u2460\uFB01\u3002"); break; // full-width, homoglyph, circled, ligature (expands), ideographic stop
                case 5: sb.Append(pools.NarrowSpaces[random.Next(pools.NarrowSpaces.Count)].ToString()); break;
                case 6: sb.Append(pools.LoneSurrogates[random.Next(pools.LoneSurrogates.Count)]); break;
                default: break;
            }
        }

        return sb.ToString();
    }
}
