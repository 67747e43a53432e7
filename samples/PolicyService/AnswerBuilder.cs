using Compliant.AI;
using Microsoft.Extensions.AI;
using PolicyAssistant;

namespace PolicyService;

/// <summary>Turns a pipeline response into the service's DTOs, through the PolicyAssistant's own description of it.</summary>
internal static class AnswerBuilder
{
    public static (AskResult Result, IReadOnlyList<CitationDto> Citations) Describe(AssistantApp app, ChatResponse response, PolicyRetriever.StrongBox capture)
    {
        AskResult result = app.Describe(response, capture);
        Dictionary<string, RetrievedPassage> passages = capture.Results.SelectMany(r => r.Passages)
            .GroupBy(p => p.ChunkId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        IReadOnlyList<CitationDto> citations = response.GetGroundingResult()?.Citations
            .Select(c => new CitationDto(c.SourceId, c.DocumentId, c.Title, SectionPaths.WithoutTitle(c.SectionPath, c.Title), passages.TryGetValue(c.ChunkId, out RetrievedPassage? p) ? p.Text : null))
            .ToList() ?? [];
        return (result, citations);
    }
}
