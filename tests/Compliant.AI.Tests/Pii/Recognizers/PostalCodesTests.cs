using Compliant.AI.Pii.Internal;

namespace Compliant.AI.Tests.Pii.Recognizers;

public class PostalCodesTests
{
    private static List<string> Codes(string text)
    {
        var results = new List<PiiEntity>();
        PostalCodes.AddCodes(text, results, "R");
        return [.. results.Select(e => $"{text[e.Start..e.End]}|{e.Score}|{e.Explanation!.Pattern}")];
    }

    private static List<string> CityStateZip(string text)
    {
        var results = new List<PiiEntity>();
        PostalCodes.AddCityStateZip(text, results, "R");
        return [.. results.Select(e => $"{text[e.Start..e.End]}|{e.Score}|{e.Explanation!.Pattern}")];
    }

    [Fact]
    public void AddCodes_LabelledCodeThenBareZip()
    {
        Assert.Equal(["3520|0.7|labelled_postal_code"], Codes("ZIP: 3520"));
        Assert.Equal(["62704|0.7|labelled_postal_code", "62704|0.2|zip"], Codes("my zip code is 62704"));
        Assert.Equal(["90210|0.2|zip"], Codes("sent from 90210 today"));
    }

    [Theory]
    [InlineData("see 65 FR 82802")]
    [InlineData("under § 16452")]
    public void AddCodes_CitationOrLongerNumber_NoZip(string text)
    {
        Assert.Empty(Codes(text));
    }

    [Theory]
    [InlineData("Springfield, IL 62704", "Springfield, IL 62704|0.85|city_state_zip")]
    [InlineData("in New York, NY soon", "New York, NY|0.7|city_state_zip")]
    [InlineData("Signed by Maria Okafor, MD", null)]
    [InlineData("Call Smith, PA today", null)]
    public void AddCityStateZip_CityAndStateButNotACredential(string text, string? expected)
    {
        Assert.Equal(expected is null ? [] : [expected], CityStateZip(text));
    }
}
