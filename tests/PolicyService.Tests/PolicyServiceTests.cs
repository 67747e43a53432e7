using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Compliant.AI;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace PolicyService.Tests;

public sealed class PolicyServiceTests : IDisposable
{
    private const string RetentionQuestion = "How long must audit logs be retained?";
    private const string VendorQuestion = "Which vendor risk score blocks a contract?";
    private readonly PolicyServiceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ask_ValidToken_AnswerWithCitedPassageAndAuditId(bool streaming)
    {
        Asked asked = await Asked.AskAsync(_factory.ClientFor("alice", "staff"), RetentionQuestion, streaming);

        Assert.Equal(HttpStatusCode.OK, asked.Status);
        Assert.Contains("six years", asked.Answer, StringComparison.Ordinal);
        JsonElement citation = Assert.Single(asked.Citations!.Value.EnumerateArray());
        Assert.Equal("audit-log-retention", citation.GetProperty("documentId").GetString());
        Assert.Contains("[" + citation.GetProperty("id").GetString() + "]", asked.Answer, StringComparison.Ordinal);
        Assert.Contains("six years", citation.GetProperty("passage").GetString(), StringComparison.Ordinal);
        Assert.True(Guid.TryParse(asked.AuditId, out _), asked.Raw);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ask_AuditRecord_CarriesTheTokensCaller_ExactlyOnce(bool streaming)
    {
        Asked asked = await Asked.AskAsync(_factory.ClientFor("dana", "Compliance", "HR"), RetentionQuestion, streaming);

        JsonElement record = LedgerReader.Find(_factory.DataDirectory, asked.AuditId!);
        JsonElement caller = record.GetProperty("caller");
        Assert.Equal("dana", caller.GetProperty("userId").GetString());
        Assert.Equal(["compliance", "hr"], caller.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        Assert.Equal("policy-service", caller.GetProperty("tenantId").GetString());
        Assert.Equal("OPERATIONS", caller.GetProperty("purposeOfUse").GetString());
        Assert.Equal(streaming ? "chat.streaming" : "chat", record.GetProperty("operation").GetString());
    }

    [Theory]
    [InlineData(false, "compliance")]
    [InlineData(true, "compliance")]
    [InlineData(false, "COMPLIANCE")]
    [InlineData(true, "Procurement")]
    public async Task Ask_RestrictedPolicy_GroupInTokenAllows(bool streaming, string group)
    {
        Asked asked = await Asked.AskAsync(_factory.ClientFor("carol", group), VendorQuestion, streaming);

        Assert.Equal(HttpStatusCode.OK, asked.Status);
        Assert.Equal("vendor-management", asked.Citations!.Value[0].GetProperty("documentId").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ask_RestrictedPolicy_OtherGroupsDenied_422ProblemWithoutThePolicy(bool streaming)
    {
        Asked asked = await Asked.AskAsync(_factory.ClientFor("erin", "hr", "security-team"), VendorQuestion, streaming);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, asked.Status);
        JsonElement problem = asked.Problem!.Value;
        Assert.Equal(CompliantAIProblemTypes.GroundingRefused, problem.GetProperty("type").GetString());
        Assert.Equal(GroundingReasons.AccessDenied, problem.GetProperty("reason").GetString());
        Assert.DoesNotContain("vendor-management", asked.Raw, StringComparison.Ordinal);
        // The policy's threshold (70) must not leak; ids in the problem (audit id, trace id) are hex and may hold "70".
        Assert.DoesNotMatch(@"(?<![0-9A-Za-z])70(?![0-9A-Za-z])", asked.Raw.Replace(asked.AuditId ?? "-", string.Empty, StringComparison.Ordinal));
        Assert.Equal("erin", LedgerReader.Find(_factory.DataDirectory, problem.GetProperty("auditId").GetString()!).GetProperty("caller").GetProperty("userId").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ask_UnanswerableQuestion_422NoEvidence(bool streaming)
    {
        Asked asked = await Asked.AskAsync(_factory.ClientFor("alice"), "What is the capital of France?", streaming);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, asked.Status);
        Assert.Equal(GroundingReasons.NoEvidence, asked.Problem!.Value.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ask_QuestionWithPersonalData_RedactionsReported(bool streaming)
    {
        Asked asked = await Asked.AskAsync(_factory.ClientFor("alice"), "Jane Doe (jane.doe@example.org) asks: how long must audit logs be retained?", streaming);

        Assert.Equal(HttpStatusCode.OK, asked.Status);
        Assert.True(asked.Redactions!.Value.TryGetProperty("EMAIL_ADDRESS", out JsonElement emails), asked.Raw);
        Assert.True(emails.GetInt64() >= 1);
        Assert.DoesNotContain("jane.doe@example.org", File.ReadAllText(Directory.EnumerateFiles(Path.Combine(_factory.DataDirectory, "audit"), "*.jsonl").Single()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/ask")]
    [InlineData("/ask/stream")]
    public async Task Ask_NoToken_401WithBearerChallenge(string path)
    {
        HttpResponseMessage response = await _factory.CreateClient().PostAsJsonAsync(path, new { question = RetentionQuestion });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Ask_TokenSignedWithAnotherKey_401()
    {
        var otherKey = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "dev" };
        string forged = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "policy-service-dev",
            Audience = "policy-service",
            Claims = new Dictionary<string, object> { ["sub"] = "mallory", ["groups"] = new[] { "compliance" } },
            Expires = _factory.Time.GetUtcNow().UtcDateTime.AddHours(1),
            SigningCredentials = new SigningCredentials(otherKey, SecurityAlgorithms.HmacSha256),
        });

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithToken(forged));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5In0.")]
    public async Task Ask_MalformedOrUnsignedToken_401(string token)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithToken(token));
    }

    [Fact]
    public async Task Ask_ExpiredToken_401_ValidJustBefore()
    {
        string token = _factory.Issuer.Mint("alice", [], TimeSpan.FromMinutes(30));

        _factory.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, await StatusWithToken(token));
        _factory.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithToken(token));
    }

    [Fact]
    public async Task Ask_TokenNotYetValid_401()
    {
        DateTime now = _factory.Time.GetUtcNow().UtcDateTime;
        string token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "policy-service-dev",
            Audience = "policy-service",
            Claims = new Dictionary<string, object> { ["sub"] = "alice" },
            IssuedAt = now,
            NotBefore = now.AddMinutes(5),
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(_factory.Issuer.Key, SecurityAlgorithms.HmacSha256),
        });

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithToken(token));
    }

    [Fact]
    public async Task Ask_TokenWithoutSubject_403MissingClaimProblem()
    {
        string token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "policy-service-dev",
            Audience = "policy-service",
            Claims = new Dictionary<string, object> { ["groups"] = new[] { "compliance" } },
            IssuedAt = _factory.Time.GetUtcNow().UtcDateTime,
            NotBefore = _factory.Time.GetUtcNow().UtcDateTime,
            Expires = _factory.Time.GetUtcNow().UtcDateTime.AddHours(1),
            SigningCredentials = new SigningCredentials(_factory.Issuer.Key, SecurityAlgorithms.HmacSha256),
        });
        HttpClient client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        HttpResponseMessage response = await client.PostAsJsonAsync("/ask", new { question = RetentionQuestion });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(CompliantAIProblemTypes.MissingClaim, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Ask_PurposeHeaderNotAllowed_403_AllowedOneRecorded()
    {
        HttpClient client = _factory.ClientFor("alice");
        using var denied = new HttpRequestMessage(HttpMethod.Post, "/ask") { Content = JsonContent.Create(new { question = RetentionQuestion }) };
        denied.Headers.Add("X-Purpose-Of-Use", "MARKETING");
        using var allowed = new HttpRequestMessage(HttpMethod.Post, "/ask") { Content = JsonContent.Create(new { question = RetentionQuestion }) };
        allowed.Headers.Add("X-Purpose-Of-Use", "treatment");

        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(denied)).StatusCode);
        HttpResponseMessage ok = await client.SendAsync(allowed);
        Assert.True(ok.IsSuccessStatusCode, await ok.Content.ReadAsStringAsync());
        string auditId = (await ok.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("auditId").GetString()!;
        Assert.Equal("TREATMENT", LedgerReader.Find(_factory.DataDirectory, auditId).GetProperty("caller").GetProperty("purposeOfUse").GetString());
    }

    [Theory]
    [InlineData(false, "")]
    [InlineData(true, "   ")]
    public async Task Ask_EmptyQuestion_400Problem(bool streaming, string question)
    {
        HttpResponseMessage response = await _factory.ClientFor("alice").PostAsJsonAsync(streaming ? "/ask/stream" : "/ask", new { question });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<bool, string, int, string> Refusals() => new()
    {
        { false, "budget", 429, CompliantAIProblemTypes.BudgetExceeded },
        { true, "budget", 429, CompliantAIProblemTypes.BudgetExceeded },
        { false, "rate", 429, CompliantAIProblemTypes.RateLimited },
        { true, "rate", 429, CompliantAIProblemTypes.RateLimited },
        { false, "schema", 502, CompliantAIProblemTypes.SchemaValidationFailed },
        { true, "schema", 502, CompliantAIProblemTypes.SchemaValidationFailed },
        { true, "rate-mid-stream", 429, CompliantAIProblemTypes.RateLimited },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Ask_PipelineRefuses_ProblemDetailsWithoutPersonalData(bool streaming, string kind, int status, string type)
    {
        const string Canary = "Quentin Canary-Voss";
        _factory.ConfigureServices = services =>
        {
            services.RemoveAll<IChatClient>();
            services.AddSingleton<IChatClient>(sp => new RefusingChatClient(sp.GetRequiredService<AssistantHost>().App.ChatClient, kind switch
            {
                "budget" => new BudgetExceededException(Canary) { Period = "day", TenantId = Canary },
                "schema" => new StructuredOutputValidationException(Canary),
                _ => new RateLimitExceededException(Canary) { RetryAfter = TimeSpan.FromSeconds(3) },
            }, midStream: kind == "rate-mid-stream"));
        };

        Asked asked = await Asked.AskAsync(_factory.ClientFor("alice"), RetentionQuestion + " " + Canary, streaming);

        Assert.Equal(status, (int)asked.Status);
        Assert.Equal(type, asked.Problem!.Value.GetProperty("type").GetString());
        Assert.DoesNotContain("Canary", asked.Raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_Running_HealthyWithEveryCheck()
    {
        HttpResponseMessage response = await _factory.CreateClient().GetAsync("/health");
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("compliant_ai.audit_ledger").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("compliant_ai.retrieval").GetProperty("status").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("compliant_ai.pseudonym_vault").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_LedgerRefusingAppends_503Unhealthy()
    {
        string damaged = Path.Combine(_factory.DataDirectory, "damaged-audit");
        AuditKey key = AuditKey.FromBase64("k", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        using (var first = new FileAuditLedger(new AuditLedgerOptions { Directory = damaged }, key: key))
        {
            await first.WriteAsync(new AuditRecord { RecordId = "r1", Timestamp = DateTimeOffset.UtcNow });
        }

        File.Delete(Path.Combine(damaged, "ledger.checkpoint"));
        _factory.ConfigureServices = services =>
        {
            services.RemoveAll<FileAuditLedger>();
            services.AddSingleton(_ => new FileAuditLedger(new AuditLedgerOptions { Directory = damaged }, key: key));
        };

        HttpResponseMessage response = await _factory.CreateClient().GetAsync("/health");
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("compliant_ai.audit_ledger").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_SlowRetrieval_200Degraded()
    {
        _factory.ConfigureServices = services =>
        {
            services.RemoveAll<IRetriever>();
            services.AddSingleton<IRetriever>(new SlowRetriever(_factory.Time));
        };

        HttpResponseMessage response = await _factory.CreateClient().GetAsync("/health");
        JsonElement body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Degraded", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApi_Document_DescribesAskStreamAndHealth()
    {
        string document = await _factory.CreateClient().GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/ask\"", document, StringComparison.Ordinal);
        Assert.Contains("\"/ask/stream\"", document, StringComparison.Ordinal);
        Assert.Contains("bearer", document, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void DevTokenCommand_NoUser_ExitCode2WithUsage()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(2, DevTokenCommand.Run(["--groups", "hr"], output, error));
        Assert.Contains("--user is required", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, output.ToString());
    }

    private async Task<HttpStatusCode> StatusWithToken(string token)
    {
        HttpClient client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.PostAsJsonAsync("/ask", new { question = RetentionQuestion })).StatusCode;
    }

    private sealed class RefusingChatClient(IChatClient inner, Exception refusal, bool midStream) : DelegatingChatClient(inner)
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromException<ChatResponse>(refusal);

        public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            if (midStream)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, "Audit logs ");
            }

            throw refusal;
        }
    }

    private sealed class SlowRetriever(Microsoft.Extensions.Time.Testing.FakeTimeProvider time) : IRetriever
    {
        public Task<RetrievalResult> RetrieveAsync(RetrievalRequest request, CancellationToken cancellationToken = default)
        {
            time.Advance(TimeSpan.FromMilliseconds(400));
            return Task.FromResult(new RetrievalResult([]));
        }
    }
}
