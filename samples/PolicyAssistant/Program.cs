using System.CommandLine;
using System.Diagnostics;
using Compliant.AI;
using Microsoft.Extensions.Options;
using PolicyAssistant;
using PolicyAssistant.Chaos;

DateTime mainEntered = DateTime.Now;
long parseStarted = Stopwatch.GetTimestamp();

// An ask's first PII detection has a one-off cost (the built-in expressions are built, the gazetteers loaded). It
// starts now on another core, while this thread parses the command line, reads the configuration, composes the
// pipeline and loads the index; the pipeline's first detections use what is ready, wait for what is being built and
// build the rest themselves.
if (args.Length > 0 && args[0] == "ask")
{
    _ = PiiWarmUp.Start(static () => new PiiDetector());
}

var questionArgument = new Argument<string>("question") { Description = "The policy question to answer." };
var userOption = new Option<string>("--user") { Description = "The id of the user asking.", DefaultValueFactory = _ => "demo-user" };
var groupsOption = new Option<string?>("--groups") { Description = "Comma-separated groups of the user (restricted policies need them), e.g. security-team,hr. Compared case-insensitively." };
var jsonOption = new Option<bool>("--json") { Description = "Print one JSON object (answer, citations, retrieved passages and scores, evidence, refusal reason, corpus, audit id)." };
var explainOption = new Option<bool>("--explain") { Description = "Also print the retrieved passages, their scores and the evidence decision, for a person." };
var dataDirOption = new Option<string?>("--data-dir") { Description = "Folder for the index, the audit ledger and the demo key (default: PolicyAssistant:DataDirectory, 'data' in the sample folder)." };
var folderOption = new Option<string?>("--folder") { Description = "Folder of policies (.md, .txt, .html) to ingest; later asks answer from it. Default: PolicyAssistant:PolicyFolder, else the bundled corpus." };
var defaultAclOption = new Option<string?>("--default-acl") { Description = "Access rule for documents that declare none: '*' (everyone), a group name, group:NAME or user:ID. Recorded in the audit trail." };
var excludeOption = new Option<string[]>("--exclude") { Description = "File glob to leave out (repeatable), e.g. 'drafts/**'. LICENSE/README-like files are always left out.", AllowMultipleArgumentsPerToken = true };
var timingsOption = new Option<bool>("--timings") { Description = $"Print how long each stage took (configuration, index load, retrieval, PII detection, model, audit) to stderr; also {StageTimings.EnvironmentVariable}=1.", Recursive = true };
var chaosOption = new Option<string?>("--chaos") { Description = "Inject one fault to see how the pipeline degrades (docs/playbook.md): " + string.Join(", ", ChaosMode.Names) + "." };
chaosOption.AcceptOnlyFromAmong([.. ChaosMode.Names]);
var repeatOption = new Option<int>("--repeat") { Description = "Answer the question this many times in the same process (the first is cold, the rest warm); prints the last answer. For measuring.", DefaultValueFactory = _ => 1 };

var ask = new Command("ask", "Answer a question from the approved policies, with citations, redaction and an audit record.")
{
    questionArgument, userOption, groupsOption, jsonOption, explainOption, dataDirOption, repeatOption, chaosOption,
};
ask.SetAction(async (parse, cancellationToken) =>
{
    int repeat = parse.GetValue(repeatOption);
    if (repeat < 1)
    {
        throw new AssistantConfigurationException("--repeat must be 1 or more.");
    }

    ChaosMode? chaos = parse.GetValue(chaosOption) is { } scenario ? new ChaosMode(ChaosMode.Parse(scenario)) : null;
    await using var app = await AssistantApp.CreateAsync(parse.GetValue(dataDirOption), ingestOnFirstUse: true, cancellationToken, chaos);

    string[] groups = (parse.GetValue(groupsOption) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    AskResult result = null!;
    for (int i = 1; i <= repeat; i++)
    {
        long started = Stopwatch.GetTimestamp();
        result = await app.AskAsync(parse.GetValue(questionArgument)!, parse.GetValue(userOption)!, groups, cancellationToken);
        StageTimings.Complete(i == 1 ? "ask (cold: first in this process)" : $"ask #{i} (warm)", Stopwatch.GetElapsedTime(started));
    }

    if (parse.GetValue(jsonOption))
    {
        AnswerPrinter.WriteJson(Console.Out, result);
    }
    else
    {
        AnswerPrinter.WriteHuman(Console.Out, result, parse.GetValue(explainOption));
    }

    return 0;
});

var ingest = new Command("ingest", "Ingest a folder of policies (.md, .txt, .html) into the local index; later asks answer from it.")
{
    folderOption, defaultAclOption, excludeOption, dataDirOption, userOption,
};
ingest.SetAction(async (parse, cancellationToken) =>
{
    await using var app = await AssistantApp.CreateAsync(parse.GetValue(dataDirOption), ingestOnFirstUse: false, cancellationToken);
    PolicyCorpus corpus = app.ConfiguredCorpus(parse.GetValue(folderOption), parse.GetValue(defaultAclOption), parse.GetValue(excludeOption) ?? []);
    IngestSummary summary = await app.IngestWithProgressAsync(corpus, parse.GetValue(userOption)!, showProgress: !Console.IsOutputRedirected, cancellationToken);
    Console.WriteLine($"Ingested {summary.Documents} documents from {corpus.DisplayName} into {summary.Chunks} chunks ({summary.Unchanged} unchanged) in {summary.Elapsed.TotalMilliseconds:F0} ms.");
    if (summary.Skipped.Count > 0)
    {
        Console.WriteLine($"Skipped {summary.Skipped.Count} file(s) by the exclude rules: {string.Join(", ", summary.Skipped.Take(5))}{(summary.Skipped.Count > 5 ? ", ..." : string.Empty)}");
    }

    if (summary.WithoutAcl > 0)
    {
        if (corpus.DefaultPrincipal is null)
        {
            Console.Error.WriteLine(IngestWarnings.NoAccessRules(summary.WithoutAcl, summary.Documents));
        }
        else
        {
            Console.WriteLine($"{summary.WithoutAcl} of {summary.Documents} documents declared no access rules; they are readable by {corpus.DefaultPrincipal} (recorded in the audit trail).");
        }
    }

    Console.WriteLine("Later asks answer from this corpus.");
    return 0;
});

var root = new RootCommand("PolicyAssistant: answers policy questions only from approved, access-checked sources, with citations, PII redaction and a tamper-evident audit trail.")
{
    ask, ingest,
};
root.Options.Add(timingsOption);

ParseResult parsed = root.Parse(args);
StageTimings.Enable(parsed.GetValue(timingsOption));
if (StageTimings.Enabled)
{
    using var process = Process.GetCurrentProcess();
    StageTimings.Record("runtime start to Main (host, runtime, assembly loads)", mainEntered - process.StartTime);
}

StageTimings.Record("command line parse", Stopwatch.GetElapsedTime(parseStarted));
try
{
    long invoked = Stopwatch.GetTimestamp();
    int exit = await parsed.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    StageTimings.Record("command total", Stopwatch.GetElapsedTime(invoked));
    return exit;
}
catch (AssistantConfigurationException ex)
{
    Console.Error.WriteLine($"policy-assistant: {ex.Message}");
    return 2;
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine($"policy-assistant: invalid configuration: {string.Join(" ", ex.Failures).ReplaceLineEndings(" ")}");
    return 2;
}
catch (ComplianceRejectedException ex)
{
    // A typed refusal (budget, structured output, guardrails): its stage and reason; the audit ledger has the record.
    Console.Error.WriteLine($"policy-assistant: refused by {ex.Stage} ({ex.Reason}): {ex.Message.ReplaceLineEndings(" ")}");
    return 1;
}
catch (Exception ex) when (ex is Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException or HttpRequestException)
{
    // The provider failed after the resilience stage gave up: the type only (a provider's message may carry anything).
    Console.Error.WriteLine($"policy-assistant: the model provider failed: {ex.GetType().Name}. The audit ledger records the attempt.");
    return 1;
}
finally
{
    StageTimings.Write(Console.Error);

    // Every exit, error exits included, waits for a model load still running on the thread pool (a fraction of a
    // second): a process that exits under it is killed by ONNX Runtime (see AssistantApp.BackgroundModelLoad).
    await AssistantApp.BackgroundModelLoad;
}
