using System.CommandLine;
using System.Text.Json;
using IncidentSummarizer;
using IncidentSummarizer.Chaos;

var inputOption = new Option<string>("--input") { Description = "JSON Lines file of the incident's events {\"id\",\"timestamp\",\"kind\",\"source\",\"text\"}.", Required = true };
var approveOption = new Option<string[]>("--approve") { Description = "Approve these proposed actions without asking: restart, rollback, page (comma-separated).", AllowMultipleArgumentsPerToken = true };
var denyAllOption = new Option<bool>("--deny-all") { Description = "Deny every proposed action without asking." };
var approverOption = new Option<string?>("--approver") { Description = "Who decides on the actions (recorded in the audit ledger; default: the OS user)." };
var streamOption = new Option<bool>("--stream") { Description = "Call the pipeline with GetStreamingResponseAsync (same verified result)." };
var jsonOption = new Option<bool>("--json") { Description = "Print the report as one JSON object." };
var dataDirOption = new Option<string?>("--data-dir") { Description = "Folder for the audit ledger and the demo key (default: IncidentSummarizer:DataDirectory, 'data' in the sample folder)." };
var restoreOption = new Option<bool>("--restore-pii") { Description = "Show customer data in the output (default: IncidentSummarizer:RestorePii, off: placeholders stay)." };
var chaosOption = new Option<string?>("--chaos") { Description = $"Inject a fault to see how the pipeline degrades (docs/playbook.md): {string.Join(", ", IncidentChaos.Names)}." };
var incidentsOption = new Option<string?>("--incidents") { Description = "Folder of labelled incidents (default: the sample's incidents/)." };
var splitOption = new Option<string>("--split") { Description = "tuning (the 20 incidents the heuristic was written on), heldout (5) or all.", DefaultValueFactory = _ => "tuning" };

var summarize = new Command("summarize", "Summarize one incident: timeline, grounded summary citing event ids, suspected root cause, remediation actions behind approval.")
{
    inputOption, approveOption, denyAllOption, approverOption, streamOption, jsonOption, dataDirOption, restoreOption, chaosOption,
};
summarize.SetAction((parse, ct) => Guard(() => SummarizeAsync(parse, ct)));

var evaluate = new Command("evaluate", "Run the labelled incidents and print citation precision, root cause cited, unsupported sentences and actions proposed/approved/executed.")
{
    incidentsOption, splitOption, approveOption, approverOption, streamOption, dataDirOption,
};
evaluate.SetAction((parse, ct) => Guard(() => EvaluateAsync(parse, ct)));

var root = new RootCommand("Incident summarizer on Compliant.AI: grounded summaries citing event ids, PII redaction, audited remediation behind approval.") { summarize, evaluate };
return await root.Parse(args).InvokeAsync();

async Task<int> SummarizeAsync(ParseResult parse, CancellationToken cancellationToken)
{
    string input = parse.GetValue(inputOption)!;
    IncidentChaos? chaos = parse.GetValue(chaosOption) is { } chaosName ? new IncidentChaos(IncidentChaos.Parse(chaosName)) : null;
    IReadOnlyList<IncidentEvent> events = IncidentReader.ReadFile(input);
    bool denyAll = parse.GetValue(denyAllOption);
    string[] approve = parse.GetValue(approveOption) ?? [];
    bool interactive = !Console.IsInputRedirected && !denyAll && approve.Length == 0;
    ApprovalPolicy policy = interactive || denyAll || approve.Length > 0
        ? ApprovalPolicy.Create(approve, denyAll, interactive ? Console.In : null, Console.Error)
        : ApprovalPolicy.DenyAll;

    await using IncidentApp app = IncidentApp.Create(parse.GetValue(dataDirOption), Overrides(parse), chaos: chaos);
    string name = Path.GetFileNameWithoutExtension(input);
    IncidentReport report = await app.SummarizeAsync(name, events, parse.GetValue(streamOption), cancellationToken);
    report = report with { Actions = await app.ProposeActionsAsync(report, policy, Approver(parse), cancellationToken) };

    if (parse.GetValue(jsonOption))
    {
        Console.WriteLine(JsonSerializer.Serialize(report, IncidentJson.Options));
    }
    else
    {
        ReportPrinter.Print(report, Console.Out);
        Console.WriteLine($"Audit ledger: {app.AuditDirectory}");
    }

    return report.Grounded ? 0 : 1;
}

async Task<int> EvaluateAsync(ParseResult parse, CancellationToken cancellationToken)
{
    string directory = parse.GetValue(incidentsOption) ?? Path.Combine(IncidentApp.SampleRoot(), "incidents");
    string split = parse.GetValue(splitOption)!;
    if (split is not ("tuning" or "heldout" or "all"))
    {
        throw new IncidentConfigurationException("--split must be tuning, heldout or all.");
    }

    string[] approve = parse.GetValue(approveOption) ?? [];
    ApprovalPolicy policy = approve.Length > 0 ? ApprovalPolicy.Create(approve, false, null, null) : ApprovalPolicy.DenyAll;
    await using IncidentApp app = IncidentApp.Create(parse.GetValue(dataDirOption), Overrides(parse));
    EvaluationResult result = await Evaluation.RunAsync(app, directory, split, policy, Approver(parse), parse.GetValue(streamOption), cancellationToken);
    result.Print(Console.Out);
    return result.MeetsTargets ? 0 : 1;
}

List<KeyValuePair<string, string?>> Overrides(ParseResult parse) =>
    parse.GetValue(restoreOption) ? [new("IncidentSummarizer:RestorePii", "true")] : [];

string Approver(ParseResult parse) => parse.GetValue(approverOption) is { Length: > 0 } name ? name : Environment.UserName;

static async Task<int> Guard(Func<Task<int>> run)
{
    try
    {
        return await run();
    }
    catch (Exception ex) when (ex is IncidentConfigurationException or IncidentInputException)
    {
        // Exit code 2: bad usage or bad input, one line on stderr (the messages never quote event text).
        Console.Error.WriteLine($"incident-summarizer: {ex.Message}");
        return 2;
    }
}
