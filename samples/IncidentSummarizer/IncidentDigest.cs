namespace IncidentSummarizer;

/// <summary>The digest the app sends the remediation planner (no event text, only ids, kinds and services).</summary>
public sealed record IncidentDigest(DigestEvent? RootCause, DigestEvent? Symptom);
