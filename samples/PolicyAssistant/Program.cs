using System.CommandLine;
using PolicyAssistant;

var questionArgument = new Argument<string>("question") { Description = "The policy question to answer." };
var userOption = new Option<string>("--user") { Description = "The id of the user asking.", DefaultValueFactory = _ => "demo-user" };
var groupsOption = new Option<string?>("--groups") { Description = "Comma-separated groups of the user (restricted policies need them), e.g. security-team,hr." };
var jsonOption = new Option<bool>("--json") { Description = "Print one JSON object instead of human-readable text." };
var folderOption = new Option<string?>("--folder") { Description = "Folder of Markdown policies to ingest (default: the bundled corpus)." };

var ask = new Command("ask", "Answer a question from the approved policies, with citations, redaction and an audit record.")
{
    questionArgument, userOption, groupsOption, jsonOption,
};
ask.SetAction(async (parse, cancellationToken) =>
{
    await using var app = await AssistantApp.CreateAsync(cancellationToken);
    string[] groups = (parse.GetValue(groupsOption) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    AskResult result = await app.AskAsync(parse.GetValue(questionArgument)!, parse.GetValue(userOption)!, groups, cancellationToken);
    if (parse.GetValue(jsonOption))
    {
        AnswerPrinter.WriteJson(Console.Out, result);
    }
    else
    {
        AnswerPrinter.WriteHuman(result);
    }

    return 0;
});

var ingest = new Command("ingest", "Ingest a folder of Markdown policies into the local index (with a progress bar).") { folderOption };
ingest.SetAction(async (parse, cancellationToken) =>
{
    await using var app = await AssistantApp.CreateAsync(cancellationToken, ingestOnFirstUse: false);
    IngestSummary summary = await app.IngestWithProgressAsync(parse.GetValue(folderOption), cancellationToken);
    Console.WriteLine($"Ingested {summary.Documents} documents into {summary.Chunks} chunks ({summary.Unchanged} unchanged) in {summary.Elapsed.TotalMilliseconds:F0} ms.");
    return 0;
});

var root = new RootCommand("PolicyAssistant: answers policy questions only from approved, access-checked sources, with citations, PII redaction and a tamper-evident audit trail.")
{
    ask, ingest,
};

try
{
    return await root.Parse(args).InvokeAsync();
}
catch (AssistantConfigurationException ex)
{
    Console.Error.WriteLine($"policy-assistant: {ex.Message}");
    return 2;
}
