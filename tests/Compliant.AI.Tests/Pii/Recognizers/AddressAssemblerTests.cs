using Compliant.AI.Pii.Internal;

namespace Compliant.AI.Tests.Pii.Recognizers;

public class AddressAssemblerTests
{
    private static List<string> Blocks(string text, params (string Anchor, double Score, string Pattern)[] anchors)
    {
        var list = anchors.Select(a => new AddressAnchor(text.IndexOf(a.Anchor, StringComparison.Ordinal), text.IndexOf(a.Anchor, StringComparison.Ordinal) + a.Anchor.Length, a.Score, a.Pattern)).ToList();
        var results = new List<PiiEntity>();
        AddressAssembler.AddBlocks(text, list, results, "R");
        Assert.All(results, e => Assert.Equal(("R", PiiEntityTypes.Location), (e.Explanation!.Recognizer, e.Type)));
        return [.. results.Select(e => $"{text[e.Start..e.End]}|{e.Score}|{e.Explanation!.Pattern}")];
    }

    [Fact]
    public void AddBlocks_AnchorAlone_KeepsItsScoreAndPattern()
    {
        Assert.Equal(["Koskikatu 25|0.7|street_number"], Blocks("Ring at Koskikatu 25 today", ("Koskikatu 25", 0.7, "street_number")));
    }

    [Fact]
    public void AddBlocks_HouseNumberBefore_GrowsTheStartAndRaisesTheScore()
    {
        Assert.Equal(["6750 Koskikatu 25|0.7|street_number"], Blocks("at 6750 Koskikatu 25 today", ("Koskikatu 25", 0.55, "street_number")));
    }

    [Fact]
    public void AddBlocks_OnePartAfter_BlockPatternAndScoreAtLeast085()
    {
        Assert.Equal(["12 Elm Street\nSpringfield|0.85|street_address_block"], Blocks("12 Elm Street\nSpringfield\nMaria Okafor\nnext line", ("12 Elm Street", 0.6, "street_address")));
    }

    [Fact]
    public void AddBlocks_TwoOrMoreParts_ScoreOne()
    {
        const string text = "Ship to 4821 Vaskitie 17 Apt. 12\nTampere\n, PI\n Finland 33100 please";
        Assert.Equal(["4821 Vaskitie 17 Apt. 12\nTampere\n, PI\n Finland 33100|1|house_number_street_block"], Blocks(text, ("4821 Vaskitie 17", 0.55, "house_number_street")));
    }

    [Fact]
    public void AddBlocks_AnchorsInsideOrRightAfterABlock_JoinIt()
    {
        const string text = "at 112 Elm Street, Apt. 4 today";
        Assert.Equal(
            ["112 Elm Street, Apt. 4|0.85|street_address_block"],
            Blocks(text, ("Apt. 4", 0.6, "unit"), ("112 Elm Street", 0.85, "street_address")));
    }

    [Fact]
    public void AddBlocks_AnchorRightAfterABlock_ExtendsItAndCountsAsAPart()
    {
        const string text = "at 12 Elm Street, 9 Oak Lane today";
        Assert.Equal(
            ["12 Elm Street, 9 Oak Lane|0.85|street_address_block"],
            Blocks(text, ("12 Elm Street", 0.6, "street_address"), ("9 Oak Lane", 0.8, "street_address")));
    }

    [Fact]
    public void AddBlocks_DistantAnchors_TwoBlocks()
    {
        const string text = "at 112 Elm Street today, and later at 9 Oak Lane tonight";
        Assert.Equal(
            ["112 Elm Street|0.85|street_address", "9 Oak Lane|0.85|street_address"],
            Blocks(text, ("9 Oak Lane", 0.85, "street_address"), ("112 Elm Street", 0.85, "street_address")));
    }

    [Fact]
    public void WithoutPartsOfBlocks_DropsEntitiesInsideABlockOnly()
    {
        static PiiEntity E(int start, int end, string pattern) => Candidate.Create(PiiEntityTypes.Location, start, end, 0.5, "R", pattern);
        PiiEntity block = E(10, 40, "street_address_block"), inside = E(20, 30, "place_gazetteer"), sameSpan = E(10, 40, "city_state_zip"),
            crossing = E(35, 45, "place_gazetteer"), before = E(0, 5, "zip"), plain = E(50, 60, "street_address");
        List<PiiEntity> results = [before, block, inside, sameSpan, crossing, plain];

        Assert.Equal([before, block, sameSpan, crossing, plain], AddressAssembler.WithoutPartsOfBlocks(results));
        List<PiiEntity> noBlock = [before, inside, plain];
        Assert.Same(noBlock, AddressAssembler.WithoutPartsOfBlocks(noBlock));
    }
}
