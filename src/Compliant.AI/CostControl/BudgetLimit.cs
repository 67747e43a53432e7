namespace Compliant.AI;

/// <summary>The spending limits of one tenant or team, in <see cref="CostControlOptions.Currency"/>.</summary>
/// <remarks>Periods are UTC calendar days and months from the stage's <see cref="TimeProvider"/>.</remarks>
public sealed class BudgetLimit
{
    /// <summary>Gets or sets the most a tenant may spend in one UTC day.</summary>
    /// <value>The default is <see langword="null"/>: no daily limit.</value>
    public decimal? Daily { get; set; }

    /// <summary>Gets or sets the most a tenant may spend in one UTC calendar month.</summary>
    /// <value>The default is <see langword="null"/>: no monthly limit.</value>
    public decimal? Monthly { get; set; }
}
