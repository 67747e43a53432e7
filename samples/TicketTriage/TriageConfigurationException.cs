namespace TicketTriage;

/// <summary>A setting or a command-line value is wrong; the message says which and how to fix it (exit code 2).</summary>
public sealed class TriageConfigurationException : Exception
{
    public TriageConfigurationException()
    {
    }

    public TriageConfigurationException(string message)
        : base(message)
    {
    }

    public TriageConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
