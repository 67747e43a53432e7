using Microsoft.Extensions.Options;

namespace Compliant.AI.Tests.PromptVersions;

public sealed class PromptVersionsOptionsTests
{
    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var options = new PromptVersionsOptions();
        var template = new PromptTemplateOptions();

        Assert.Equal("Compliant:Prompts", PromptVersionsOptions.SectionName);
        Assert.Empty(options.Templates);
        Assert.Equal(PromptRolloutKey.Tenant, options.RolloutBy);
        Assert.Empty(template.Versions);
        Assert.Null(template.Active);
        Assert.Null(template.Candidate);
        Assert.Equal(0, template.CanaryPercent);
        Assert.Empty(new PromptCatalog(options).Names);
    }

    [Theory]
    [InlineData("none", "must have at least one version")]
    [InlineData("two-no-active", "has 2 versions: set Active to one of them")]
    [InlineData("unknown-active", "Active version 'v9' is not among its versions")]
    [InlineData("unknown-candidate", "Candidate version 'v9' is not among its versions")]
    [InlineData("candidate-is-active", "Candidate must differ from the active version")]
    [InlineData("percent-range", "CanaryPercent must be between 0 and 100")]
    [InlineData("percent-without-candidate", "CanaryPercent is above 0 but no Candidate is set")]
    [InlineData("empty-text", "version 'v1', has no text")]
    [InlineData("grounding-placeholder", "must contain the placeholder {sources}")]
    public void Validate_EachRule_FailsWithItsMessageAndNoText(string rule, string message)
    {
        var options = new PromptVersionsOptions();
        var template = new PromptTemplateOptions();
        string name = rule == "grounding-placeholder" ? PromptNames.Grounding : "system";
        if (rule != "none")
        {
            template.Versions["v1"] = rule == "empty-text" ? " " : "SECRET-TEXT one";
            template.Versions["v2"] = "SECRET-TEXT two";
        }

        switch (rule)
        {
            case "unknown-active": template.Active = "v9"; break;
            case "unknown-candidate": template.Active = "v1"; template.Candidate = "v9"; break;
            case "candidate-is-active": template.Active = "v1"; template.Candidate = "v1"; break;
            case "percent-range": template.Active = "v1"; template.Candidate = "v2"; template.CanaryPercent = 101; break;
            case "percent-without-candidate": template.Active = "v1"; template.CanaryPercent = 5; break;
            case "two-no-active": break;
            default: template.Active = "v1"; break;
        }

        options.Templates[name] = template;

        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => new PromptCatalog(options));
        Assert.Contains(ex.Failures, f => f.Contains(message, StringComparison.Ordinal));
        Assert.DoesNotContain("SECRET-TEXT", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ComputeHash_KnownVector()
    {
        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", PromptCatalog.ComputeHash("abc"));
    }
}
