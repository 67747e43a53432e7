using System.Globalization;
using System.Text;
using Microsoft.Extensions.AI;
using Xunit.Abstractions;

namespace Compliant.AI.Tests.Grounding.Evaluation;

/// <summary>
/// Runs the PolicyAssistant golden set through retrieval (in-memory BM25 over the Markdown corpus), the grounding stage
/// and the offline extractive model, and reports citation precision, answer rate and correct refusals.
/// </summary>
/// <remarks>
/// Run: <c>dotnet test tests/Compliant.AI.Tests --filter "FullyQualifiedName~PolicyAssistantGroundingEvaluationTests" --logger "console;verbosity=detailed"</c>.
/// The figures are recorded in docs/grounding.md.
/// </remarks>
public sealed class PolicyAssistantGroundingEvaluationTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task GoldenSet_GroundedExtractivePipeline_MeetsQualityFloors(bool streaming)
    {
        using var index = new InMemoryBm25Index();
        var ingestor = new DocumentIngestor([index]);
        var documents = new List<SourceDocument>();
        foreach (string path in Directory.GetFiles(PolicyAssistantGoldenSet.PoliciesDirectory, "*.md").Order(StringComparer.Ordinal))
        {
            documents.Add(await DocumentLoader.LoadFileAsync(path));
        }

        (await ingestor.IngestAsync(documents)).ThrowIfFailed();
        Dictionary<string, IReadOnlyList<string>> acl = documents.ToDictionary(d => d.Id, d => d.AllowedPrincipals);
        using var client = new GroundingChatClient(new ExtractiveChatClient(), index);

        int answerable = 0, answered = 0, answeredWithExpectedDocument = 0, citations = 0, preciseCitations = 0;
        int outOfScope = 0, outOfScopeRefused = 0, noAccess = 0, noAccessRefused = 0, withAccess = 0, withAccessAnswered = 0, leaks = 0;
        var table = new StringBuilder();
        foreach (GoldenQuestion question in PolicyAssistantGoldenSet.Load())
        {
            var caller = new CallerContext(question.User, question.Groups);
            ChatResponse response = await client.GetResponseAsync(streaming, question.Question, new ChatOptions().WithCaller(caller));
            GroundingResult result = response.GetGroundingResult()!;
            string[] cited = result.Citations.Select(c => c.DocumentId).Distinct().ToArray();
            var principals = new HashSet<string>(caller.Principals) { PrincipalNames.Everyone };
            leaks += cited.Count(d => !acl[d].Any(principals.Contains));

            bool restricted = question.Documents.Any(d => !acl[d].Contains(PrincipalNames.Everyone));
            if (question.ExpectAnswer)
            {
                answerable++;
                if (!result.Refused)
                {
                    answered++;
                    citations += result.Citations.Count;
                    preciseCitations += result.Citations.Count(c => question.Documents.Contains(c.DocumentId));
                    answeredWithExpectedDocument += cited.Any(question.Documents.Contains) ? 1 : 0;
                }

                if (restricted)
                {
                    withAccess++;
                    withAccessAnswered += result.Refused ? 0 : 1;
                }
            }
            else if (question.Documents.Count == 0)
            {
                outOfScope++;
                outOfScopeRefused += result.Refused ? 1 : 0;
            }
            else
            {
                noAccess++;
                noAccessRefused += result.Refused ? 1 : 0;
            }

            bool correct = question.ExpectAnswer ? !result.Refused && cited.Any(question.Documents.Contains) : result.Refused;
            table.AppendLine(CultureInfo.InvariantCulture, $"{question.Id} {(correct ? "ok  " : "MISS")} expect={question.Expect,-6} refused={result.Refused,-5} reason={result.Reason ?? "-",-16} cited=[{string.Join(",", cited)}] :: {Shorten(response.Text)}");
        }

        double answerRate = Ratio(answered, answerable);
        double precision = Ratio(preciseCitations, citations);
        double outOfScopeRate = Ratio(outOfScopeRefused, outOfScope);
        double noAccessRate = Ratio(noAccessRefused, noAccess);
        output.WriteLine(table.ToString());
        output.WriteLine($"streaming={streaming}");
        output.WriteLine($"answer rate (answerable questions answered)          {answered}/{answerable} = {answerRate:P1}");
        output.WriteLine($"answers citing an expected document                  {answeredWithExpectedDocument}/{answered} = {Ratio(answeredWithExpectedDocument, answered):P1}");
        output.WriteLine($"citation precision (citations of expected documents) {preciseCitations}/{citations} = {precision:P1}");
        output.WriteLine($"correct refusals, out of scope                       {outOfScopeRefused}/{outOfScope} = {outOfScopeRate:P1}");
        output.WriteLine($"correct refusals, restricted document without access {noAccessRefused}/{noAccess} = {noAccessRate:P1}");
        output.WriteLine($"restricted questions answered with access            {withAccessAnswered}/{withAccess}");
        output.WriteLine($"citations of documents the caller may not read       {leaks}");

        Assert.Equal(0, leaks);
        Assert.True(answerRate >= 0.80, $"answer rate {answerRate:P1} is below the 80% floor");
        Assert.True(precision >= 0.85, $"citation precision {precision:P1} is below the 85% floor");
        Assert.True(outOfScopeRate >= 0.85, $"out-of-scope refusal rate {outOfScopeRate:P1} is below the 85% floor");
        Assert.True(noAccessRate >= 0.85, $"no-access refusal rate {noAccessRate:P1} is below the 85% floor");
    }

    private static double Ratio(int numerator, int denominator) => denominator == 0 ? 0 : (double)numerator / denominator;

    private static string Shorten(string text) => text.Length <= 110 ? text : text[..110] + "…";
}
