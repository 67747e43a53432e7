using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Compliant.AI;
using PolicyService;

// Load generator for samples/PolicyService: starts the service on a loopback port with a fresh data folder, runs
// bounded rounds of concurrent users, checks access control, audit completeness and ledger integrity, and prints
// throughput, latency percentiles, error rate and the service's CPU and memory. Usage:
//   dotnet run -c Release --project benchmarks/Compliant.AI.LoadTest -- SERVICE_DLL [--users 50] [--seconds 60] [--runs 3] [--max-requests 500000]
if (args.Length < 1 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: Compliant.AI.LoadTest PATH/PolicyService.dll [--users N] [--seconds S] [--runs R] [--max-requests M]");
    return 2;
}

string dll = Path.GetFullPath(args[0]);
int users = Option("--users", 50), seconds = Option("--seconds", 60), runs = Option("--runs", 3), maxRequests = Option("--max-requests", 500_000);
string data = Directory.CreateTempSubdirectory("policy-service-load-").FullName;
int port = FreeLoopbackPort();
var url = new Uri($"http://127.0.0.1:{port}");

var start = new ProcessStartInfo("dotnet", [dll, "--urls", url.ToString()]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dll)! };
start.Environment["PolicyService__DataDirectory"] = data;
start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
start.Environment["Logging__LogLevel__Default"] = "Warning";
using Process service = Process.Start(start)!;
service.OutputDataReceived += (_, _) => { };
service.ErrorDataReceived += (_, _) => { };
service.BeginOutputReadLine();
service.BeginErrorReadLine();
int exit = 1;
try
{
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = users, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    await WaitHealthyAsync(http);
    var settings = new ServiceSettings { DataDirectory = data };
    var issuer = new DevTokenIssuer(data, settings, TimeProvider.System);
    string[][] groupSets = [[], ["compliance"], ["hr"], ["security-team"], ["procurement"], ["privacy-office"], ["it-operations"], ["compliance", "hr"], ["finance"], ["Compliance"]];
    var callers = Enumerable.Range(0, users).Select(i => (User: $"load-user-{i}", Groups: groupSets[i % groupSets.Length])).ToArray();
    string[] tokens = callers.Select(c => issuer.Mint(c.User, c.Groups, TimeSpan.FromHours(2))).ToArray();
    Dictionary<string, string[]> acl = ReadAcls(Path.Combine(Path.GetDirectoryName(dll)!, "policies"));
    (string Question, string Kind)[] questions =
    [
        ("How long must audit logs be retained?", "answerable"),
        ("How many characters must a password have?", "answerable"),
        ("When must a breach be reported?", "restricted"),
        ("Which vendor risk score blocks a contract?", "restricted"),
        ("What is the capital of France?", "unanswerable"),
        ("Who won the football world cup?", "unanswerable"),
    ];

    Console.WriteLine($"PolicyService load: {users} users, {seconds} s per run, {runs} runs, loopback {url}, {Environment.ProcessorCount} cores (shared machine)");
    Console.WriteLine("run | requests | answered/s | refused/s | p50 ms | p95 ms | p99 ms | errors | leaks | service CPU % | RSS MB");
    bool ok = true;
    long totalRequests = 0;
    var rss = new List<double>();
    for (int run = 1; run <= runs; run++)
    {
        (double cpuBefore, _) = ProcessStats(service.Id);
        var latencies = new ConcurrentBag<double>();
        long answered = 0, refused = 0, errors = 0, leaks = 0, requests = 0;
        var clock = Stopwatch.StartNew();
        var deadline = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, users).Select(async u =>
        {
            int q = u;
            while (clock.Elapsed < deadline && Interlocked.Increment(ref requests) <= maxRequests)
            {
                (string question, _) = questions[q++ % questions.Length];
                using var request = new HttpRequestMessage(HttpMethod.Post, "/ask") { Content = JsonContent.Create(new { question }) };
                request.Headers.Authorization = new("Bearer", tokens[u]);
                long t0 = Stopwatch.GetTimestamp();
                try
                {
                    using HttpResponseMessage response = await http.SendAsync(request);
                    string body = await response.Content.ReadAsStringAsync();
                    latencies.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref answered);
                        using JsonDocument json = JsonDocument.Parse(body);
                        foreach (JsonElement c in json.RootElement.GetProperty("citations").EnumerateArray())
                        {
                            if (!MayRead(acl, c.GetProperty("documentId").GetString()!, callers[u].User, callers[u].Groups))
                            {
                                Interlocked.Increment(ref leaks);
                            }
                        }
                    }
                    else if (response.StatusCode == HttpStatusCode.UnprocessableEntity)
                    {
                        Interlocked.Increment(ref refused);
                    }
                    else
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        double elapsed = clock.Elapsed.TotalSeconds;
        (double cpuAfter, double rssMb) = ProcessStats(service.Id);
        long done = answered + refused + errors;
        totalRequests += done;
        double[] sorted = latencies.Order().ToArray();
        rss.Add(rssMb);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{run} | {done} | {answered / elapsed:F0} | {refused / elapsed:F0} | {P(sorted, 50):F1} | {P(sorted, 95):F1} | {P(sorted, 99):F1} | {errors} | {leaks} | {100 * (cpuAfter - cpuBefore) / elapsed:F0} | {rssMb:F0}"));
        ok &= errors == 0 && leaks == 0;
    }

    // Stop the service (the ledger closes and publishes), then count records and verify the chain.
    await StopAsync(service);
    string audit = Path.Combine(data, "audit");
    long records = Directory.EnumerateFiles(audit, "*.jsonl").Sum(f => File.ReadLines(f).Count(l => l.Contains("\"kind\":\"record\"", StringComparison.Ordinal) && l.Contains("\"operation\":\"chat\"", StringComparison.Ordinal)));
    AuditKey key = AuditKey.FromBase64("demo", File.ReadAllText(Path.Combine(data, "demo-audit.key")));
    AuditLedgerVerificationResult verified = await AuditLedgerVerifier.VerifyAsync(audit, [key]);
    bool growth = rss.Count >= 3 && rss[^1] > rss[1] * 1.10;
    Console.WriteLine($"audit: {records} chat records for {totalRequests} requests ({(records == totalRequests ? "exactly one each" : "MISMATCH")}); ledger {(verified.IsIntact ? "intact" : verified.ToString())}; memory {(growth ? "GREW more than 10% from run 2 to the last" : "stable across runs")}");
    ok &= records == totalRequests && verified.IsIntact && !growth;
    exit = ok ? 0 : 1;
}
finally
{
    if (!service.HasExited)
    {
        service.Kill(entireProcessTree: true);
    }

    Directory.Delete(data, recursive: true);
}

return exit;

int Option(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out int v) && v > 0 ? v : fallback;
}

static double P(double[] sorted, double percentile) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100 * sorted.Length) - 1)];

static int FreeLoopbackPort()
{
    var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    int port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}

static async Task WaitHealthyAsync(HttpClient http)
{
    for (int i = 0; i < 240; i++)
    {
        try
        {
            if ((await http.GetAsync("/health")).IsSuccessStatusCode)
            {
                return;
            }
        }
        catch (HttpRequestException)
        {
        }

        await Task.Delay(250);
    }

    throw new TimeoutException("The service did not become healthy within 60 s.");
}

static async Task StopAsync(Process service)
{
    // SIGTERM lets the host dispose the ledger (flush, final witness); Kill is the fallback.
    using (Process.Start("kill", ["-TERM", service.Id.ToString(CultureInfo.InvariantCulture)]))
    {
    }

    using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
    await service.WaitForExitAsync(wait.Token);
}

// CPU seconds (user + system) and resident memory (MB) of a process, from /proc.
static (double CpuSeconds, double RssMb) ProcessStats(int pid)
{
    string[] stat = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
    double ticks = double.Parse(stat[11], CultureInfo.InvariantCulture) + double.Parse(stat[12], CultureInfo.InvariantCulture);
    string? rssLine = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
    double rssKb = rssLine is null ? 0 : double.Parse(rssLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    return (ticks / 100.0, rssKb / 1024);
}

// Each policy's access rule from its front matter: "*" or the principals listed.
static Dictionary<string, string[]> ReadAcls(string folder)
{
    var acl = new Dictionary<string, string[]>(StringComparer.Ordinal);
    foreach (string file in Directory.EnumerateFiles(folder, "*.md"))
    {
        string? line = File.ReadLines(file).Take(12).FirstOrDefault(l => l.StartsWith("acl:", StringComparison.Ordinal));
        string value = line?[4..].Trim().Trim('"') ?? string.Empty;
        acl[Path.GetFileNameWithoutExtension(file)] = value.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    return acl;
}

static bool MayRead(Dictionary<string, string[]> acl, string documentId, string user, string[] groups) =>
    acl.TryGetValue(documentId, out string[]? principals)
    && (principals.Contains("*") || principals.Contains("user:" + user) || groups.Any(g => principals.Contains("group:" + g.ToLowerInvariant())));
