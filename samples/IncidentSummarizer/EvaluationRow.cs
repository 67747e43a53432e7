namespace IncidentSummarizer;

/// <summary>The figures for one incident.</summary>
public sealed record EvaluationRow(
    string Incident, bool Grounded, int Sentences, int Citations, int SupportedCitations, int UnsupportedSentences,
    bool RootCauseCited, bool RootCauseTop1, bool BaselineTop1, int Proposed, int Approved, int Executed, int ExecutedWithoutApproval);
