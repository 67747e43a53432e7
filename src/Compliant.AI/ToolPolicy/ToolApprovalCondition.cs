namespace Compliant.AI;

/// <summary>An argument condition under which a tool call needs approval, for example <c>amount &gt; 1000</c>.</summary>
/// <remarks>
/// The condition matches when the argument is present and every comparison that is set holds. Numbers are compared as
/// <see cref="double"/> (a string argument that parses as an invariant-culture number counts as one); <see cref="EqualTo"/>
/// compares the value's text ordinally. An argument that is missing, or not a number for a numeric comparison, does not match.
/// </remarks>
public sealed class ToolApprovalCondition
{
    /// <summary>Gets or sets the name of the argument.</summary>
    public string Argument { get; set; } = string.Empty;

    /// <summary>Gets or sets the bound the argument must exceed.</summary>
    public double? GreaterThan { get; set; }

    /// <summary>Gets or sets the bound the argument must stay under.</summary>
    public double? LessThan { get; set; }

    /// <summary>Gets or sets the text the argument must equal.</summary>
    public string? EqualTo { get; set; }
}
