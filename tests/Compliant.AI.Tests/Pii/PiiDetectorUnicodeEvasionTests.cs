using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.AI;

namespace Compliant.AI.Tests.Pii;

/// <summary>Promise 1 under attack: an identifier disguised with Unicode is still found, and its whole disguised span is reported.</summary>
public class PiiDetectorUnicodeEvasionTests
{
    /// <summary>Each evasion class named in the threat model, as a function from the plain identifier to its disguise.</summary>
    private static readonly (string Name, Func<string, string?> Disguise)[] Evasions =
    [
        ("bidi embedding and override (U+202A-U+202E) inside", v => v[..2] + "\u202E" + v[2..5] + "\u202A" + v[5..^1] + "\u202C" + v[^1..]),
        ("bidi isolates (U+2066-U+2069) around and inside", v => "\u2066" + v[..3] + "\u2067\u2068" + v[3..] + "\u2069"),
        ("left-to-right and right-to-left marks", v => UnicodeHiding.Interleave(v, "\u200E\u200F", outside: true)),
        ("combining grapheme joiner", v => UnicodeHiding.Interleave(v, "\u034F")),
        ("variation selectors", v => UnicodeHiding.Interleave(v, "\uFE0F") + "\U000E0101"),
        ("tag characters", v => v[..4] + "\U000E0020\U000E0041\U000E007F" + v[4..]),
        ("NUL and other controls", v => UnicodeHiding.Interleave(v, "\0") + "\u0007" + "\u0080"),
        ("soft hyphen, zero-width space and joiners, word joiner, BOM", v => UnicodeHiding.Interleave(v, "\u00AD\u200B\u200C\u200D\u2060\uFEFF")),
        ("combining marks on ASCII (Mn, Me)", v => UnicodeHiding.Interleave(v, "\u0301\u20DD")),
        ("Arabic-Indic digits", v => UnicodeHiding.WithDigits(v, new Rune(0x0660))),
        ("Extended Arabic-Indic digits", v => UnicodeHiding.WithDigits(v, new Rune(0x06F0))),
        ("Devanagari digits", v => UnicodeHiding.WithDigits(v, new Rune(0x0966))),
        ("mathematical bold digits (outside the BMP)", v => UnicodeHiding.WithDigits(v, new Rune(0x1D7CE))),
        ("full-width forms", UnicodeHiding.FullWidth),
        ("hair spaces between digits", v => UnicodeHiding.Interleave(v, "\u200A", where: (a, b) => char.IsAsciiDigit(a) && char.IsAsciiDigit(b))),
        ("Unicode dashes", v => v.Replace('-', '\u2012')),
        ("Cyrillic and Greek homoglyphs", v => v.Any(char.IsAsciiLetter) ? UnicodeHiding.WithHomoglyphs(v, 0) : null),
        ("Greek homoglyphs", v => v.Any(char.IsAsciiLetter) ? UnicodeHiding.WithHomoglyphs(v, 1) : null),
        ("everything at once", v => UnicodeHiding.Interleave(UnicodeHiding.WithHomoglyphs(UnicodeHiding.WithDigits(v, new Rune(0x06F0)), 0), "\u034F\u2066\0", outside: true)),
    ];

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        for (int e = 0; e < Evasions.Length; e++)
        {
            for (int i = 0; i < UnicodeHiding.Identifiers.Length; i++)
            {
                string value = UnicodeHiding.Identifiers[i].Value;
                if (Evasions[e].Disguise(value) is { } disguised && disguised != value)
                {
                    data.Add(Evasions[e].Name, i);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Detect_DisguisedIdentifier_WholeDisguisedSpanReported(string evasion, int identifier)
    {
        (string prefix, string value, string type) = UnicodeHiding.Identifiers[identifier];
        string disguised = Evasions.Single(e => e.Name == evasion).Disguise(value)!;
        string text = prefix + disguised + " ok";

        Assert.DoesNotContain(new PiiDetector(new PiiDetectionOptions { NormalizeText = false }).Detect(text), e => e.Type == type && e.Start <= prefix.Length && e.End >= prefix.Length + disguised.Length);
        PiiEntity found = Assert.Single(PiiTestHelpers.Default.Detect(text));
        Assert.Equal(type, found.Type);
        Assert.Equal(disguised, text[found.Start..found.End]);
    }

    [FsCheck.Xunit.Property(MaxTest = 400)]
    public bool Detect_CharactersOfEveryHidingCategoryInsideIdentifier_OriginalSpanCovered(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        (string prefix, string value, string type) = UnicodeHiding.Identifiers[random.Next(UnicodeHiding.Identifiers.Length)];
        string disguised = Disguise(value, random);
        string text = prefix + disguised + " ok";

        IReadOnlyList<PiiEntity> found = PiiTestHelpers.Default.Detect(text);
        string shown = string.Concat(text.EnumerateRunes().Select(r => r.Value is > ' ' and <= '~' ? r.ToString() : $"\\u{{{r.Value:X}}}"));
        Assert.True(found.Count == 1, $"expected one {type} in {shown}, found {found.Count}");
        Assert.Equal(type, found[0].Type);
        Assert.Equal(prefix.Length, found[0].Start);
        Assert.Equal(prefix.Length + disguised.Length, found[0].End);
        return true;
    }

    [Theory]
    [InlineData("المادة ٣ من القانون رقم ١٢ لسنة ٢٠٢٣، الفقرة ٤ والبند ١٥٠.")] // Arabic prose with Arabic-Indic digits
    [InlineData("ماده ۳ قانون شماره ۱۲ مصوب سال ۱۴۰۲ و بند ۱۵۰ آن.")] // Persian with Extended Arabic-Indic digits
    [InlineData("धारा ५ और अनुच्छेद १२ के अनुसार २०२३ में ३०० लोग आए।")] // Hindi with Devanagari digits
    [InlineData("Статья 5 закона о персональных данных, глава 12, раздел 150.")] // Russian prose
    [InlineData("Άρθρο 5 του κανονισμού, κεφάλαιο 12, παράγραφος 150.")] // Greek prose
    [InlineData("Версия API v2: см. раздел «Доступ» и таблицу 3.")] // Cyrillic mixed with a Latin token
    [InlineData("Emoji ❤️ and keycap 5️⃣ and flags 🇫🇷 are fine 👍🏽.")] // variation selectors, keycaps, modifiers
    [InlineData("١٢٣ جنيه و٤٥٦ قرشا")] // amounts, not identifiers
    public void Detect_BenignNonLatinTextWithNativeDigits_NothingDetected(string text) =>
        Assert.Empty(PiiTestHelpers.Default.Detect(text));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GetResponse_DisguisedIdentifiers_InnerClientSeesOnlyPlaceholdersAndCallerGetsOriginal(bool streaming)
    {
        string ssn = "\u2066" + UnicodeHiding.WithDigits("536-22-1847", new Rune(0x0660)) + "\u2069";
        string email = UnicodeHiding.Interleave(UnicodeHiding.WithHomoglyphs("maria.okafor@example.com", 0), "\u034F");
        string card = "4111\u200A1111 ١١١١\u00001111\uFE0F";
        string userText = $"SSN {ssn}, mail {email}, card {card} ok";
        var inner = new TestChatClient
        {
            GetResponseAsyncCallback = (m, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, m.Last().Text))),
            GetStreamingResponseAsyncCallback = (m, _, ct) => TestChatClient.StreamText(m.Last().Text, 3, ct),
        };
        IChatClient client = new ChatClientBuilder(inner).UsePiiRedaction(detector: new PiiDetector()).Build();

        ChatResponse response = await client.GetResponseAsync(streaming, userText);

        Assert.Equal("SSN <US_SSN_1>, mail <EMAIL_ADDRESS_1>, card <CREDIT_CARD_1> ok", inner.Calls.Single().Messages.Last().Text);
        Assert.Equal(userText, response.Text);
    }

    /// <summary>Hides <paramref name="value"/> with a random mix of every category: format, marks, controls, surrogates, private use, unassigned, narrow spaces, any script's digits, full-width forms, homoglyphs.</summary>
    private static string Disguise(string value, Random random)
    {
        UnicodeHiding.Pools pools = UnicodeHiding.Pool;
        int digitScript = random.Next(3);
        Rune zero = pools.DigitZeros[random.Next(pools.DigitZeros.Count)];
        var sb = new StringBuilder();
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            bool canHide = i > 0 || random.Next(4) == 0; // sometimes before the first character too
            if (canHide && random.Next(3) == 0)
            {
                int count = 1 + random.Next(3);
                for (int k = 0; k < count; k++)
                {
                    sb.Append(Hider(pools, random, previous: i > 0 ? value[i - 1] : ' ', next: c));
                }
            }

            if (char.IsAsciiDigit(c) && digitScript == 0)
            {
                sb.Append(new Rune(zero.Value + (c - '0')).ToString());
            }
            else if (c > ' ' && random.Next(6) == 0)
            {
                sb.Append(UnicodeHiding.Homoglyphs.TryGetValue(c, out string? alt) && random.Next(2) == 0 ? alt[random.Next(alt.Length)] : (char)(c + 0xFEE0));
            }
            else
            {
                sb.Append(c);
            }
        }

        if (random.Next(3) == 0)
        {
            sb.Append(Hider(pools, random, previous: value[^1], next: ' '));
        }

        return sb.ToString();
    }

    private static string Hider(UnicodeHiding.Pools pools, Random random, char previous, char next)
    {
        while (true)
        {
            switch (random.Next(9))
            {
                case 0: return Pick(pools.Format, random);
                case 1: return Pick(pools.NonSpacingMarks, random);
                case 2: return Pick(pools.EnclosingMarks, random);
                case 3: return Pick(pools.Controls, random);
                case 4: return Pick(pools.PrivateUse, random);
                case 5: return Pick(pools.Unassigned, random);
                case 6: return pools.LoneSurrogates[random.Next(pools.LoneSurrogates.Count)].ToString();
                case 7 when char.IsAsciiDigit(previous) && char.IsAsciiDigit(next): return Pick(pools.NarrowSpaces, random);
                case 8: return "\u034F\uFE0F\U000E0041"; // combining grapheme joiner, variation selector, tag letter
                default: continue;
            }
        }
    }

    private static string Pick(IReadOnlyList<Rune> pool, Random random) => pool[random.Next(pool.Count)].ToString();
}
