namespace Compliant.AI.ExtractiveModel.Internal;

/// <summary>The kind of value a question asks for.</summary>
[Flags]
internal enum QuestionCue
{
    None = 0,

    /// <summary>"How long", "how soon", "when", "deadline": a duration or a point in time.</summary>
    Duration = 1,

    /// <summary>"How many", "how much", "maximum": a number.</summary>
    Count = 2,

    /// <summary>"Who", "which office": a role, a team or an address.</summary>
    Role = 4,

    /// <summary>"Which ... should I use", "recommended": a recommendation.</summary>
    Recommendation = 8,

    /// <summary>"Can I", "do we need to", "is it required": a rule (must, may, prohibited).</summary>
    Rule = 16,
}
