namespace TicketTriage;

/// <summary>An input line is not a ticket (<c>{"id": "...", "text": "..."}</c>); the message names the line, never its content.</summary>
public sealed class TicketInputException : Exception
{
    public TicketInputException()
    {
    }

    public TicketInputException(string message)
        : base(message)
    {
    }

    public TicketInputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the 1-based line number of the bad line, or 0.</summary>
    public int LineNumber { get; init; }
}
