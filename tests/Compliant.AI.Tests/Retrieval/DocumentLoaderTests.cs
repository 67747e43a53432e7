namespace Compliant.AI.Tests.Retrieval;

public sealed class DocumentLoaderTests
{
    [Fact]
    public void Load_FrontMatter_ReadsMetadataAndAcl()
    {
        const string md = "---\nid: sop-42\ntitle: \"Audit retention\"\nacl: [group:compliance, user:alice, auditors]\nusers:\n  - bob\nclassification: internal\nversion: 3\nowner: risk\n---\nBody text.";

        SourceDocument doc = DocumentLoader.Load("file-name", md, DocumentFormat.Markdown, "kb/sop-42.md");

        Assert.Equal("sop-42", doc.Id);
        Assert.Equal("Audit retention", doc.Title);
        Assert.Equal(["group:compliance", "user:alice", "group:auditors", "user:bob"], doc.AllowedPrincipals);
        Assert.Equal("internal", doc.Classification);
        Assert.Equal("3", doc.Version);
        Assert.Equal("risk", doc.Metadata!["owner"]);
        Assert.Equal("kb/sop-42.md", doc.SourceUri);
        Assert.Equal("Body text.", md[doc.BodyStart..]);
        Assert.Equal(md, doc.Text);
    }

    [Theory]
    [InlineData("# 45 CFR § 164.412 Law enforcement delay.\n\nBody.", "45 CFR § 164.412 Law enforcement delay.")]
    [InlineData("Intro line.\n\n# Password policy #\r\nBody.", "Password policy")]
    [InlineData("---\nowner: risk\n---\n# From the heading\nBody.", "From the heading")]
    [InlineData("---\ntitle: From front matter\n---\n# From the heading\nBody.", "From front matter")]
    [InlineData("```bash\n# a shell comment\n```\n# Real title\nBody.", "Real title")]
    [InlineData("## Only a subsection\nBody.", null)]
    [InlineData("#Not a heading\nBody.", null)]
    [InlineData("# \nBody.", null)]
    public void Load_MarkdownWithoutTitle_TakesFirstLevelOneHeading(string markdown, string? expected)
    {
        SourceDocument doc = DocumentLoader.Load("a", markdown, DocumentFormat.Markdown);

        Assert.Equal(expected, doc.Title);
        Assert.Equal(markdown, doc.Text);
    }

    [Fact]
    public void Load_PlainTextStartingWithHash_HasNoTitle()
    {
        Assert.Null(DocumentLoader.Load("a", "# not markdown\nBody.", DocumentFormat.PlainText).Title);
    }

    [Fact]
    public void Load_NoAcl_UsesDefaultOrNobody()
    {
        Assert.Empty(DocumentLoader.Load("a", "text", DocumentFormat.PlainText).AllowedPrincipals);
        Assert.Equal(["*"], DocumentLoader.Load("a", "text", DocumentFormat.PlainText, defaultAllowedPrincipals: ["*"]).AllowedPrincipals);
        Assert.Equal(["*"], DocumentLoader.Load("a", "---\npublic: true\n---\nx", DocumentFormat.Markdown).AllowedPrincipals);
    }

    [Fact]
    public void Load_UnterminatedFrontMatter_IsBodyText()
    {
        SourceDocument doc = DocumentLoader.Load("a", "---\ntitle: x\nno end", DocumentFormat.Markdown);

        Assert.Equal(0, doc.BodyStart);
        Assert.Null(doc.Title);
    }

    [Fact]
    public void Load_Html_ExtractsVisibleTextHeadingsAndMeta()
    {
        const string html = "<!DOCTYPE html><html><head><title>Leave &amp; Absence</title><meta name=\"acl\" content=\"group:hr, user:carol\"><style>p{color:red}</style></head>" +
            "<body><script>var secret = 1;</script><h1>Leave</h1><p>Annual leave is <b>25</b>&nbsp;days.</p><!-- hidden --><h2>Sick leave</h2><ul><li>Report on day one</li><li>Doctor&#39;s note after 3 days</li></ul></body></html>";

        SourceDocument doc = DocumentLoader.Load("leave", html, DocumentFormat.Html);

        Assert.Equal("Leave & Absence", doc.Title);
        Assert.Equal(["group:hr", "user:carol"], doc.AllowedPrincipals);
        Assert.DoesNotContain("secret", doc.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("color", doc.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("hidden", doc.Text, StringComparison.Ordinal);
        Assert.Contains("# Leave", doc.Text, StringComparison.Ordinal);
        Assert.Contains("## Sick leave", doc.Text, StringComparison.Ordinal);
        Assert.Contains("Annual leave is 25 days.", doc.Text, StringComparison.Ordinal);
        Assert.Contains("Doctor's note after 3 days", doc.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedHtml_DoesNotThrow()
    {
        SourceDocument doc = DocumentLoader.Load("m", "<p>open <b>bold <i>x</p> < not a tag <script>never closed", DocumentFormat.Html);

        Assert.Contains("open bold x", doc.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a.md", DocumentFormat.Markdown)]
    [InlineData("a.HTML", DocumentFormat.Html)]
    [InlineData("a.txt", DocumentFormat.PlainText)]
    public void FormatFromPath_Extension_MapsToFormat(string path, DocumentFormat expected) =>
        Assert.Equal(expected, DocumentLoader.FormatFromPath(path));
}
