using Compliant.AI.Pii.Internal;
using Compliant.AI.Text;

namespace Compliant.AI.Tests.Pii.Recognizers;

public class NameListsTests
{
    [Fact]
    public void AddListed_OneMemberIsAPerson_OtherMembersBecomePeople()
    {
        const string text = "founders: Quillon, Okafor and Vask met";
        List<WordToken> tokens = Tokens.Of(text);
        int q = Tokens.IndexOf(text, tokens, "Quillon"), o = Tokens.IndexOf(text, tokens, "Okafor"), v = Tokens.IndexOf(text, tokens, "Vask");
        var results = new List<PiiEntity> { new(PiiEntityTypes.Person, tokens[o].Start, tokens[o].End, 0.5) };
        List<NameLists.Run> runs = [new(q, q, -1), new(o, o, 0), new(v, v, -1)];

        NameLists.AddListed(text, tokens, runs, results, "R");

        Assert.Equal(["Okafor", "Quillon", "Vask"], results.Select(e => text[e.Start..e.End]));
        Assert.All(results.Skip(1), e =>
        {
            Assert.Equal(0.6, e.Score);
            Assert.Equal("listed_with_name", e.Explanation!.Pattern);
            Assert.Equal("R", e.Explanation.Recognizer);
        });
    }

    [Fact]
    public void AddListed_NoMemberIsAPerson_AddsNothing()
    {
        const string text = "Quillon, Okafor and Vask";
        List<WordToken> tokens = Tokens.Of(text);
        var results = new List<PiiEntity> { new(PiiEntityTypes.Person, tokens[1].Start, tokens[1].End, 0.3) };
        NameLists.AddListed(text, tokens, [new(0, 0, -1), new(1, 1, 0), new(2, 2, -1)], results, "R");
        Assert.Single(results);
    }

    [Fact]
    public void AddListed_MembersNotSeparatedByAListSeparator_AddsNothing()
    {
        const string text = "Quillon; Okafor";
        List<WordToken> tokens = Tokens.Of(text);
        var results = new List<PiiEntity> { new(PiiEntityTypes.Person, tokens[1].Start, tokens[1].End, 0.9) };
        NameLists.AddListed(text, tokens, [new(0, 0, -1), new(1, 1, 0)], results, "R");
        Assert.Single(results);
    }

    [Theory]
    [InlineData("A, B", true)]
    [InlineData("A and B", true)]
    [InlineData("A, and B", true)]
    [InlineData("A & B", true)]
    [InlineData("A or B", true)]
    [InlineData("A; B", false)]
    [InlineData("A,B", false)]
    public void IsSeparator_ListSeparatorsBetweenNames(string text, bool expected)
    {
        Assert.Equal(expected, NameLists.IsSeparator(text, 1, text.Length - 1));
    }
}
