using System.ComponentModel.DataAnnotations;

namespace Compliant.AI;

/// <summary>Rules of the cost-aware router, which sends simple requests to a cheaper model.</summary>
/// <remarks>
/// Rules are checked in order: an explicit hint in <c>ChatOptions.AdditionalProperties[<see cref="HintKey"/>]</c>
/// (<see cref="PrimaryRoute"/> or <see cref="EconomyRoute"/>) wins; then tools, then a response schema send the request
/// to the primary model when so configured; then a prompt longer than <see cref="MaxEconomyPromptCharacters"/> goes
/// to the primary model; anything else goes to the economy model.
/// </remarks>
public sealed class CostRoutingOptions
{
    /// <summary>The <c>ChatOptions.AdditionalProperties</c> key of an explicit routing hint.</summary>
    public const string HintKey = "compliant_ai.route";

    /// <summary>The hint value and route name of the primary (capable, expensive) model.</summary>
    public const string PrimaryRoute = "primary";

    /// <summary>The hint value and route name of the economy (cheaper) model.</summary>
    public const string EconomyRoute = "economy";

    /// <summary>Gets or sets the longest prompt, in characters over all messages, that may go to the economy model.</summary>
    /// <value>The default is 2000.</value>
    [Range(0, int.MaxValue)]
    public int MaxEconomyPromptCharacters { get; set; } = 2000;

    /// <summary>Gets or sets a value indicating whether requests that offer tools go to the primary model.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool ToolsRequirePrimary { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether requests that ask for JSON with a schema go to the primary model.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool SchemaRequiresPrimary { get; set; } = true;
}
