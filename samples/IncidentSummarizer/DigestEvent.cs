namespace IncidentSummarizer;

/// <summary>An event in the digest.</summary>
public sealed record DigestEvent(string EventId, string Kind, string Source);
