namespace IncidentSummarizer;

/// <summary>One event of an incident: an alert, a log line, a deploy, a configuration change or a chat message.</summary>
/// <param name="Id">The event's id, unique within the incident (what the summary cites).</param>
/// <param name="Timestamp">When the event happened.</param>
/// <param name="Kind"><c>alert</c>, <c>log</c>, <c>deploy</c>, <c>config</c> or <c>chat</c> (other kinds are kept as given).</param>
/// <param name="Source">The system that emitted it: the alerting service, the deployed service, the chat channel.</param>
/// <param name="Text">The event's text, as recorded.</param>
public sealed record IncidentEvent(string Id, DateTimeOffset Timestamp, string Kind, string Source, string Text);
