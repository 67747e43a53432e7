namespace Compliant.AI;

/// <summary>The outcome of validating a pattern match (for example a checksum) in a <see cref="PatternPiiRecognizer"/>.</summary>
public enum PiiValidationResult
{
    /// <summary>The validator has no opinion: the match keeps its pattern score.</summary>
    Unknown = 0,

    /// <summary>The match is valid (for example its checksum holds): its score is raised to 1.</summary>
    Valid = 1,

    /// <summary>The match is not a valid value: it is dropped.</summary>
    Invalid = 2,
}
