using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using TicketTriage;
using TicketTriage.Chaos;

var ticketArgument = new Argument<string?>("ticket") { Description = "One ticket's text to classify (instead of --input).", Arity = ArgumentArity.ZeroOrOne };
var inputOption = new Option<string?>("--input") { Description = "JSON Lines file of tickets {\"id\",\"text\"} (default: standard input)." };
var outputOption = new Option<string?>("--output") { Description = "JSON Lines file for the results, in input order (default: standard output)." };
var dataDirOption = new Option<string?>("--data-dir") { Description = "Folder for the audit ledger and the demo key (default: TicketTriage:DataDirectory, 'data' in the sample folder)." };
var thresholdOption = new Option<double?>("--threshold") { Description = "Confidence below which a ticket needs a person (default: TicketTriage:ConfidenceThreshold)." };
var chaosOption = new Option<string?>("--chaos") { Description = "Inject one fault to see how the pipeline degrades (docs/playbook.md): " + string.Join(", ", TriageChaos.Names) + "." };
chaosOption.AcceptOnlyFromAmong([.. TriageChaos.Names]);

var classify = new Command("classify", "Classify support tickets into the approved categories, with PII redaction and one audit record per ticket.")
{
    ticketArgument, inputOption, outputOption, dataDirOption, thresholdOption, chaosOption,
};
classify.SetAction(async (parse, cancellationToken) =>
{
    try
    {
        return await ClassifyAsync(parse, cancellationToken);
    }
    catch (Exception ex) when (ex is TriageConfigurationException or TicketInputException)
    {
        // Exit code 2: bad usage or bad input, one line on stderr (the messages never quote ticket text).
        Console.Error.WriteLine($"ticket-triage: {ex.Message}");
        return 2;
    }
});

var root = new RootCommand("Support-ticket triage on Compliant.AI: approved categories only, PII redaction, one audit record per ticket.") { classify };
return await root.Parse(args).InvokeAsync();

async Task<int> ClassifyAsync(ParseResult parse, CancellationToken cancellationToken)
{
    string? single = parse.GetValue(ticketArgument);
    string? input = parse.GetValue(inputOption);
    string? output = parse.GetValue(outputOption);
    if (single is not null && input is not null)
    {
        throw new TriageConfigurationException("Give either one ticket's text or --input, not both.");
    }

    var overrides = new List<KeyValuePair<string, string?>>();
    if (parse.GetValue(thresholdOption) is double threshold)
    {
        overrides.Add(new("TicketTriage:ConfidenceThreshold", threshold.ToString(CultureInfo.InvariantCulture)));
    }

    List<Ticket> tickets;
    if (single is not null)
    {
        tickets = [new Ticket("1", single)];
    }
    else if (input is not null)
    {
        if (!File.Exists(input))
        {
            throw new TriageConfigurationException($"--input: no file at {input}.");
        }

        using var reader = new StreamReader(input, Encoding.UTF8);
        tickets = await TicketReader.ReadAllAsync(reader, cancellationToken);
    }
    else
    {
        tickets = await TicketReader.ReadAllAsync(Console.In, cancellationToken);
    }

    TriageChaos? chaos = parse.GetValue(chaosOption) is { } scenario ? new TriageChaos(TriageChaos.Parse(scenario)) : null;
    await using TriageApp app = TriageApp.Create(parse.GetValue(dataDirOption), overrides, chaos);
    if (single is null)
    {
        // A file: load MiniLM before the clock starts, so the throughput line measures classification. One ticket on the
        // command line skips it: the lexical head answers most tickets alone, and MiniLM loads on first use if needed.
        await app.WarmUpAsync(cancellationToken);
    }

    using Process self = Process.GetCurrentProcess();
    TimeSpan cpuBefore = self.TotalProcessorTime;
    long started = Stopwatch.GetTimestamp();
    TriageResult[] results;
    if (input is not null && !Console.IsErrorRedirected)
    {
        IAnsiConsole error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        results = await error.Progress().AutoClear(true).StartAsync(async context =>
        {
            ProgressTask task = context.AddTask("classifying", maxValue: tickets.Count);
            return await app.ClassifyAsync(tickets, new Progress<int>(done => task.Value = done), cancellationToken);
        });
    }
    else
    {
        results = await app.ClassifyAsync(tickets, progress: null, cancellationToken);
    }

    TimeSpan elapsed = Stopwatch.GetElapsedTime(started);
    self.Refresh();
    double cpuPerTicket = (self.TotalProcessorTime - cpuBefore).TotalMilliseconds / Math.Max(1, tickets.Count);
    await using (Stream stream = output is null ? Console.OpenStandardOutput() : File.Create(output))
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false));
        foreach (TriageResult result in results)
        {
            await writer.WriteLineAsync(JsonSerializer.Serialize(result, TriageJson.Options));
        }
    }

    int failed = results.Count(r => r.Error is not null);
    int human = results.Count(r => r.NeedsHuman);
    if (input is not null || tickets.Count > 1)
    {
        double perSecond = tickets.Count / Math.Max(elapsed.TotalSeconds, 1e-9);
        string cascade = app.CascadeCounts is var (lexical, embedded) && lexical + embedded > 0
            ? string.Create(CultureInfo.InvariantCulture, $"; {embedded} ({100.0 * embedded / (lexical + embedded):F1}%) embedded with MiniLM")
            : string.Empty;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ticket-triage: classified {tickets.Count} tickets in {elapsed.TotalSeconds:F2} s ({perSecond:F0} tickets/s, after model load; CPU {cpuPerTicket:F1} ms/ticket); {human} ({(tickets.Count == 0 ? 0 : 100.0 * human / tickets.Count):F1}%) need a person{cascade}; {failed} failed; audit ledger: {app.AuditDirectory}"));
    }

    if (failed > 0)
    {
        Console.Error.WriteLine($"ticket-triage: {failed} ticket(s) could not be classified (see \"error\"); they are marked needs_human.");
        return 1;
    }

    return 0;
}
