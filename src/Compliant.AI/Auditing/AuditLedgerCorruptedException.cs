namespace Compliant.AI;

/// <summary>Thrown by <see cref="FileAuditLedger"/> when it refuses to append because the ledger it opened is not intact.</summary>
/// <remarks>
/// The ledger never extends a chain it cannot trust. Inspect the ledger with <c>compliant audit verify</c>; a torn
/// final line is fixed with <c>compliant audit repair</c>; any other problem needs investigation (start a new ledger
/// directory meanwhile). The message names the problem, file and line, never record content.
/// </remarks>
public sealed class AuditLedgerCorruptedException : AuditWriteException
{
    /// <summary>Initializes a new instance of the <see cref="AuditLedgerCorruptedException"/> class.</summary>
    public AuditLedgerCorruptedException()
        : base("The audit ledger is not intact; appending is refused until it is repaired.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AuditLedgerCorruptedException"/> class.</summary>
    /// <param name="message">A message that contains no record content.</param>
    public AuditLedgerCorruptedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AuditLedgerCorruptedException"/> class.</summary>
    /// <param name="message">A message that contains no record content.</param>
    /// <param name="innerException">The cause.</param>
    public AuditLedgerCorruptedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="AuditLedgerCorruptedException"/> class from a verification result.</summary>
    /// <param name="verification">The verification that found the problem.</param>
    public AuditLedgerCorruptedException(AuditLedgerVerificationResult verification)
        : base(Describe(verification))
    {
        Verification = verification;
    }

    /// <summary>Gets the verification that found the problem, when available.</summary>
    public AuditLedgerVerificationResult? Verification { get; }

    private static string Describe(AuditLedgerVerificationResult? verification) => verification is null
        ? "The audit ledger is not intact; appending is refused until it is repaired."
        : $"The audit ledger is not intact ({verification}); appending is refused until it is repaired{(verification.Problem == AuditLedgerProblem.TornFinalLine ? " with 'compliant audit repair'" : string.Empty)}.";
}
