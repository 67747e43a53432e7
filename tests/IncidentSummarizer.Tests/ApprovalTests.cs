using Microsoft.Extensions.AI;

namespace IncidentSummarizer.Tests;

/// <summary>Remediation tools run only with an approval, and every decision is in the ledger with the approver.</summary>
public sealed class ApprovalTests : IAsyncLifetime
{
    private readonly string _data = TestData.NewDataDirectory();
    private IncidentApp _app = null!;
    private IncidentReport _report = null!;

    public async Task InitializeAsync()
    {
        _app = IncidentApp.Create(_data);
        _report = await _app.SummarizeAsync("01", TestData.Bundled("01-payments-bad-deploy"), streaming: false);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task ProposeActions_RollbackApproved_ExecutedAndAuditedWithApprover()
    {
        IReadOnlyList<ProposedAction> actions = await _app.ProposeActionsAsync(_report, ApprovalPolicy.Create(["rollback"], false, null, null), "alice");

        ProposedAction rollback = Assert.Single(actions, a => a.Tool == RemediationTools.RollbackDeployName);
        Assert.Equal("approved", rollback.Decision);
        Assert.True(rollback.Executed);
        Assert.Equal("payments-api", rollback.Arguments["service"]);
        Assert.Equal("e03", rollback.Arguments["deployEventId"]);
        ExecutedAction ran = Assert.Single(_app.Tools.Executed);
        Assert.Equal(RemediationTools.RollbackDeployName, ran.Tool);

        var approvals = TestData.Verdicts(_data, "tool_approval");
        var allowed = Assert.Single(approvals, v => v.GetProperty("decision").GetString() == "Allow");
        Assert.Equal("rollback_deploy", allowed.GetProperty("details").GetProperty("tool").GetString());
        Assert.Equal("alice", allowed.GetProperty("details").GetProperty("approver").GetString());
        var executed = Assert.Single(TestData.Verdicts(_data, "remediation"));
        Assert.Equal("rollback_deploy", executed.GetProperty("details").GetProperty("tool").GetString());
    }

    [Fact]
    public async Task ProposeActions_Denied_NotExecutedAndDenialAuditedWithApprover()
    {
        IReadOnlyList<ProposedAction> actions = await _app.ProposeActionsAsync(_report, ApprovalPolicy.Create([], true, null, null), "bob");

        Assert.Equal(2, actions.Count);
        Assert.All(actions, a => Assert.Equal("denied", a.Decision));
        Assert.All(actions, a => Assert.False(a.Executed));
        Assert.Empty(_app.Tools.Executed);
        Assert.Empty(TestData.Verdicts(_data, "remediation"));
        var denials = TestData.Verdicts(_data, "tool_approval").Where(v => v.GetProperty("decision").GetString() == "Deny").ToList();
        Assert.Equal(2, denials.Count);
        Assert.All(denials, v => Assert.Equal("bob", v.GetProperty("details").GetProperty("approver").GetString()));
        Assert.Equal(2, TestData.Verdicts(_data, "tool_approval").Count(v => v.GetProperty("reason").GetString() == "requested"));
    }

    [Fact]
    public async Task ProposeActions_NoFlagNoTerminal_NothingExecuted()
    {
        IReadOnlyList<ProposedAction> actions = await _app.ProposeActionsAsync(_report, ApprovalPolicy.DenyAll, "carol");

        Assert.NotEmpty(actions);
        Assert.All(actions, a => Assert.False(a.Executed));
        Assert.All(actions, a => Assert.Equal("no approval given", a.Result));
        Assert.Empty(_app.Tools.Executed);
    }

    [Fact]
    public async Task ProposeActions_InteractivePrompt_YesRunsOnlyThatAction()
    {
        var prompts = new StringWriter();
        ApprovalPolicy policy = ApprovalPolicy.Create([], false, new StringReader("n\ny\n"), prompts);

        IReadOnlyList<ProposedAction> actions = await _app.ProposeActionsAsync(_report, policy, "dana");

        Assert.Equal(["denied", "approved"], actions.Select(a => a.Decision));
        ExecutedAction ran = Assert.Single(_app.Tools.Executed);
        Assert.Equal(RemediationTools.PageOnCallName, ran.Tool);
        Assert.Contains("Approve rollback_deploy", prompts.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tools_AreApprovalRequired_ModelCallProducesApprovalRequestNotExecution()
    {
        // Straight through the function-invoking client, with no approval turn: the call comes back as a request.
        var tools = new RemediationTools();
        Assert.All(tools.Tools, t => Assert.IsType<ApprovalRequiredAIFunction>(t));
        using IChatClient client = new ChatClientBuilder(new RemediationPlannerChatClient()).UseFunctionInvocation().Build();

        ChatResponse response = await client.GetResponseAsync(
            "Incident digest: {\"root_cause\":{\"event_id\":\"e03\",\"kind\":\"deploy\",\"source\":\"payments-api\"},\"symptom\":{\"event_id\":\"e06\",\"kind\":\"alert\",\"source\":\"payments-api\"}}",
            new ChatOptions { Tools = tools.Tools });

        Assert.Equal(2, response.Messages.SelectMany(m => m.Contents).OfType<ToolApprovalRequestContent>().Count());
        Assert.Empty(tools.Executed);
    }

    [Theory]
    [InlineData("reboot")]
    [InlineData("restart,delete")]
    public void Create_UnknownAction_Throws(string approve) =>
        Assert.Throws<IncidentConfigurationException>(() => ApprovalPolicy.Create([approve], false, null, null));

    [Fact]
    public void Create_ApproveAndDenyAll_Throws() =>
        Assert.Throws<IncidentConfigurationException>(() => ApprovalPolicy.Create(["page"], true, null, null));
}
