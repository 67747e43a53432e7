using Microsoft.Extensions.Logging;

namespace Compliant.AI.Grounding.Internal;

/// <summary>The grounding stage's log messages (EventIds 1300-1399). Ids, counts and codes only — never text.</summary>
internal static partial class GroundingLog
{
    [LoggerMessage(1300, LogLevel.Information, "Grounding refused before calling the model: {Reason}; {PassageCount} passage(s) usable, {DeniedCount} withheld by access control.")]
    public static partial void RefusedBeforeModel(ILogger logger, string reason, int passageCount, int deniedCount);

    [LoggerMessage(1301, LogLevel.Warning, "Answer broke the citation rules: {Reason}; {UnknownCitations} unknown id(s), {MissingCitations} missing citation(s), {UnsupportedClaims} unsupported claim(s); action: {Action}.")]
    public static partial void Violation(ILogger logger, string reason, int unknownCitations, int missingCitations, int unsupportedClaims, string action);

    [LoggerMessage(1302, LogLevel.Information, "Re-asking the model once after a citation violation ({Reason}).")]
    public static partial void Reasking(ILogger logger, string reason);

    [LoggerMessage(1303, LogLevel.Debug, "Grounded answer: {CitationCount} citation(s) of {SourceCount} source(s), decision {Decision}.")]
    public static partial void Completed(ILogger logger, int citationCount, int sourceCount, string decision);

    [LoggerMessage(1304, LogLevel.Debug, "The model declined to answer from the {SourceCount} source(s).")]
    public static partial void ModelDeclined(ILogger logger, int sourceCount);

    [LoggerMessage(1305, LogLevel.Debug, "A model round proposed tool calls: passed to the tool loop unchecked, {WithheldCount} text part(s) withheld.")]
    public static partial void ToolRound(ILogger logger, int withheldCount);

    [LoggerMessage(1306, LogLevel.Debug, "Reused this interaction's retrieval for a later round ({SourceCount} source(s)).")]
    public static partial void RetrievalReused(ILogger logger, int sourceCount);
}
