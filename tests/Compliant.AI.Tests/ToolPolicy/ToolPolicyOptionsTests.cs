using System.Text;
using Compliant.AI.Tools.Internal;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Compliant.AI.Tests.ToolPolicy;

public sealed class ToolPolicyOptionsTests
{
    private const string AppSettings = """
        {
          "Compliant": {
            "ToolPolicy": {
              "UnlistedTools": "Allow",
              "ThrowOnDenial": true,
              "ApprovalTimeout": "00:05:00",
              "DenialText": "Not permitted ({reason}).",
              "Tools": {
                "refund_payment": {
                  "Roles": [ "billing-agent" ],
                  "Groups": [ "finance" ],
                  "Tenants": [ "bank-eu", "bank-uk" ],
                  "Purposes": [ "OPERATIONS" ],
                  "ArgumentSchema": "{\"type\":\"object\",\"required\":[\"amount\"],\"properties\":{\"amount\":{\"type\":\"number\",\"maximum\":5000}}}",
                  "AllowedValues": { "currency": [ "EUR", "GBP" ] },
                  "RateLimit": { "PerCaller": 5, "PerTenant": 100, "Window": "00:10:00" },
                  "ApprovalWhen": [ { "Argument": "amount", "GreaterThan": 1000 } ]
                },
                "delete_account": { "RequireApproval": true }
              }
            }
          }
        }
        """;

    [Fact]
    public void Defaults_AreDocumentedValues()
    {
        var o = new ToolPolicyOptions();

        Assert.Empty(o.Tools);
        Assert.Equal(UnlistedToolAction.Deny, o.UnlistedTools);
        Assert.False(o.ThrowOnDenial);
        Assert.Equal("The tool call was denied by policy ({reason}).", o.DenialText);
        Assert.Equal(TimeSpan.FromMinutes(15), o.ApprovalTimeout);
        var p = new Compliant.AI.ToolPolicy();
        Assert.Empty(p.Roles);
        Assert.Empty(p.Groups);
        Assert.Empty(p.Tenants);
        Assert.Empty(p.Purposes);
        Assert.Null(p.ArgumentSchema);
        Assert.Empty(p.AllowedValues);
        Assert.Null(p.RateLimit);
        Assert.False(p.RequireApproval);
        Assert.Empty(p.ApprovalWhen);
        Assert.Equal(TimeSpan.FromMinutes(1), new ToolRateLimit().Window);
        Assert.True(new ToolPolicyOptionsValidation().Validate(null, o).Succeeded);
    }

    public static TheoryData<Action<ToolPolicyOptions>, string> Invalid => new()
    {
        { o => o.DenialText = "", "DenialText" },
        { o => o.ApprovalTimeout = TimeSpan.Zero, "ApprovalTimeout must be positive" },
        { o => o.UnlistedTools = (UnlistedToolAction)7, "UnlistedTools" },
        { o => o.Tools["t"] = null!, "Tools[t] has no policy" },
        { o => o.Tools[" "] = new Compliant.AI.ToolPolicy(), "empty tool name" },
        { o => o.Tools["t"] = new Compliant.AI.ToolPolicy { ArgumentSchema = "{ not json" }, "Tools[t].ArgumentSchema is not a valid JSON Schema" },
        { o => o.Tools["t"] = new Compliant.AI.ToolPolicy { ArgumentSchema = """{"type":"no-such-type"}""" }, "Tools[t].ArgumentSchema is not a valid JSON Schema" },
        { o => (o.Tools["t"] = new Compliant.AI.ToolPolicy()).AllowedValues["currency"] = [], "Tools[t].AllowedValues[currency] must list at least one value" },
        { o => o.Tools["t"] = new Compliant.AI.ToolPolicy { RateLimit = new ToolRateLimit { PerCaller = -1 } }, "Tools[t].RateLimit limits must not be negative" },
        { o => o.Tools["t"] = new Compliant.AI.ToolPolicy { RateLimit = new ToolRateLimit { Window = TimeSpan.Zero } }, "Tools[t].RateLimit.Window must be positive" },
        { o => (o.Tools["t"] = new Compliant.AI.ToolPolicy()).ApprovalWhen.Add(new ToolApprovalCondition { GreaterThan = 1 }), "Tools[t].ApprovalWhen[0] must name an Argument" },
        { o => (o.Tools["t"] = new Compliant.AI.ToolPolicy()).ApprovalWhen.Add(new ToolApprovalCondition { Argument = "amount" }), "Tools[t].ApprovalWhen[0] must set GreaterThan, LessThan or EqualTo" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_InvalidValue_NamesTheProblem(Action<ToolPolicyOptions> change, string expected)
    {
        var o = new ToolPolicyOptions();
        change(o);

        ValidateOptionsResult result = new ToolPolicyOptionsValidation().Validate(null, o);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddToolPolicy_BindsEveryFieldFromAppSettings()
    {
        using ServiceProvider provider = Services(AppSettings);

        ToolPolicyOptions o = provider.GetRequiredService<IOptions<ToolPolicyOptions>>().Value;

        Assert.Equal((UnlistedToolAction.Allow, true, TimeSpan.FromMinutes(5), "Not permitted ({reason})."), (o.UnlistedTools, o.ThrowOnDenial, o.ApprovalTimeout, o.DenialText));
        Compliant.AI.ToolPolicy refund = o.Tools["refund_payment"];
        Assert.Equal(["billing-agent"], refund.Roles);
        Assert.Equal(["finance"], refund.Groups);
        Assert.Equal(["bank-eu", "bank-uk"], refund.Tenants);
        Assert.Equal(["OPERATIONS"], refund.Purposes);
        Assert.Equal(["EUR", "GBP"], refund.AllowedValues["currency"]);
        Assert.Contains("\"maximum\":5000", refund.ArgumentSchema, StringComparison.Ordinal);
        Assert.Equal((5, 100, TimeSpan.FromMinutes(10)), (refund.RateLimit!.PerCaller, refund.RateLimit.PerTenant, refund.RateLimit.Window));
        ToolApprovalCondition condition = Assert.Single(refund.ApprovalWhen);
        Assert.Equal(("amount", 1000d), (condition.Argument, condition.GreaterThan));
        Assert.True(o.Tools["delete_account"].RequireApproval);
    }

    [Fact]
    public void AddToolPolicy_CodeConfigurationAppliesAfterBinding()
    {
        using ServiceProvider provider = Services(AppSettings, o => o.Tools["refund_payment"].Roles.Add("supervisor"));

        ToolPolicyOptions o = provider.GetRequiredService<IOptions<ToolPolicyOptions>>().Value;

        Assert.Equal(["billing-agent", "supervisor"], o.Tools["refund_payment"].Roles);
    }

    [Fact]
    public void AddToolPolicy_InvalidAppSettings_FailsAtStartWithATypedErrorNamingTheField()
    {
        string invalid = AppSettings
            .Replace("\"Window\": \"00:10:00\"", "\"Window\": \"00:00:00\"", StringComparison.Ordinal)
            .Replace("\"maximum\\\":5000", "\"maximum\\\":\\\"many\\\"", StringComparison.Ordinal);
        using ServiceProvider provider = Services(invalid);

        // ValidateOnStart runs this same validation when the host starts.
        OptionsValidationException ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ToolPolicyOptions>>().Value);

        Assert.Equal(typeof(ToolPolicyOptions), ex.OptionsType);
        Assert.Contains(ex.Failures, f => f.Contains("Tools[refund_payment].RateLimit.Window must be positive", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Tools[refund_payment].ArgumentSchema is not a valid JSON Schema", StringComparison.Ordinal));
    }

    [Fact]
    public void UseToolPolicy_InvalidCodeConfiguration_FailsWhenThePipelineIsBuilt()
    {
        using ServiceProvider provider = Services(null);
        using var inner = new TestChatClient();

        Assert.Throws<OptionsValidationException>(() => new ChatClientBuilder(inner).UseToolPolicy(o => o.ApprovalTimeout = TimeSpan.FromMinutes(-1)).Build(provider));
    }

    [Fact]
    public void AddToolPolicy_CalledTwice_RegistersOneValidatorAndOneRateLimiter()
    {
        var services = new ServiceCollection();
        services.AddCompliantAI().AddToolPolicy().AddToolPolicy();

        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<ToolPolicyOptions>));
        Assert.Single(services, d => d.ServiceType == typeof(ToolRateLimiter));
    }

    [Fact]
    public void Clone_IsDeep()
    {
        var o = new ToolPolicyOptions();
        var policy = new Compliant.AI.ToolPolicy { RateLimit = new ToolRateLimit { PerCaller = 1 } };
        policy.Roles.Add("a");
        policy.AllowedValues["x"] = ["1"];
        policy.ApprovalWhen.Add(new ToolApprovalCondition { Argument = "x", EqualTo = "1" });
        o.Tools["t"] = policy;

        ToolPolicyOptions copy = o.Clone();
        policy.Roles.Add("b");
        policy.AllowedValues["x"].Add("2");
        policy.RateLimit.PerCaller = 9;
        policy.ApprovalWhen[0].EqualTo = "2";

        Compliant.AI.ToolPolicy c = copy.Tools["t"];
        Assert.Equal(["a"], c.Roles);
        Assert.Equal(["1"], c.AllowedValues["x"]);
        Assert.Equal(1, c.RateLimit!.PerCaller);
        Assert.Equal("1", c.ApprovalWhen[0].EqualTo);
    }

    private static ServiceProvider Services(string? json, Action<ToolPolicyOptions>? configure = null)
    {
        var services = new ServiceCollection();
        if (json is not null)
        {
            IConfiguration configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
            services.AddSingleton(configuration);
        }

        services.AddCompliantAI().AddToolPolicy(configure);
        return services.BuildServiceProvider();
    }
}
