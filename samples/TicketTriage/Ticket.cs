namespace TicketTriage;

/// <summary>One input ticket.</summary>
public sealed record Ticket(string Id, string Text);
